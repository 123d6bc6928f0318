#!/usr/bin/env bash
# --metrics FILE: the run's figures in Prometheus' text format for node_exporter's textfile
# collector, written atomically at the end; counts agree with the results.
source "$(dirname "$0")/lib.sh"
policy=$SOURCE_DIR/samples/policies/common.yaml
metric() { awk -v m="$1" '$1 == m { print $2 }' "$WORK/m.prom"; }

run check "$SOURCE_DIR/samples/configs" --policy "$policy" -q --metrics "$WORK/m.prom"
expect_eq "$(metric 'cfgsweep_exit_code{command="check"}')" "$rc" "the exit code, as the run exited"
expect_eq "$(metric 'cfgsweep_inputs{command="check",status="ok"}')" \
  "$(jq -r 'select(.status == "ok") | .source' "$WORK/out.jsonl" | wc -l)" "inputs by status"
for severity in info low medium high critical; do
  expect_eq "$(metric "cfgsweep_failed_findings{command=\"check\",severity=\"$severity\"}")" \
    "$(jq --arg s "$severity" '[.findings[]? | select(.status == "fail" and .severity == $s)] | length' \
      "$WORK/out.jsonl" | paste -sd+ | bc)" "failed findings, $severity"
done
expect_eq "$(metric 'cfgsweep_input_bytes{command="check"}')" "$(jq -s 'map(.bytes) | add' "$WORK/out.jsonl")" \
  "input bytes"
expect_match "$(metric 'cfgsweep_peak_rss_bytes{command="check",process="worker"}')" "^[1-9][0-9]{6,}$" \
  "the largest worker's peak RSS"
expect_eq "$(grep -v '^#' "$WORK/m.prom" | grep -Evc '^cfgsweep_[a-z_]+\{([a-z]+="[^"]*",?)+\} [0-9]+(\.[0-9]+)?$' || true)" 0 \
  "every sample line is Prometheus text format"
expect_eq "$(grep -c '^# TYPE ' "$WORK/m.prom")" "$(grep -c '^# HELP ' "$WORK/m.prom")" "each family has HELP and TYPE"
expect_eq "$(stat -c %a "$WORK/m.prom")" 644 "readable by node_exporter's user (counts only)"
expect_eq "$(find "$WORK" -name 'm.prom.tmp.*' | wc -l)" 0 "no temporary file left"
# A file linked where a predictable temporary name would be is never written through.
printf 'keep\n' >"$WORK/secret.txt"; chmod 600 "$WORK/secret.txt"
for pid in $(seq $$ $(($$ + 50))); do ln -f "$WORK/secret.txt" "$WORK/m.prom.tmp.$pid" 2>/dev/null || true; done
run check "$SOURCE_DIR/samples/configs" --policy "$policy" -q --metrics "$WORK/m.prom"
expect_eq "$(cat "$WORK/secret.txt") $(stat -c %a "$WORK/secret.txt")" "keep 600" "a planted link is left alone"

run parse "$SOURCE_DIR/samples/configs" -q --metrics "$WORK/none/m.prom"
expect_eq "$rc/$(wc -c <"$WORK/out.jsonl")" "74/0" "an unwritable --metrics folder: exit 74 before any work"
expect_match "$(cat "$WORK/err")" "--metrics $WORK/none/m.prom: cannot write in $WORK/none" "... naming it"

if [ "${FAULT_INJECTION:-0}" = 1 ]; then
  mkdir "$WORK/crash"
  printf 'hostname c\n!cfgsweep-fault: crash\n' >"$WORK/crash/c.cfg"
  printf 'hostname ok\n' >"$WORK/crash/ok.cfg"
  run parse "$WORK/crash" -q --jobs 1 --metrics "$WORK/m.prom"
  expect_eq "$(metric 'cfgsweep_inputs{command="parse",status="crashed"}')" 1 "a crashed input is counted"
  expect_match "$(metric 'cfgsweep_worker_restarts{command="parse"}')" "^[12]$" "... and its workers' restarts"
fi
finish
