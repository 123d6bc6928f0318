#!/usr/bin/env bash
# No secret leaves unless asked: the secrets corpus (tests/data/secrets: one config per
# syntax, a unique CANARY string in every secret position, listed in CANARIES.tsv) through
# every command and every report format, without --show-secrets: no canary in stdout,
# stderr or any file written. A policy whose rules find the canaries themselves (line rules
# match clear text) must still show them redacted in evidence, missing and extra lines.
# With --show-secrets they are there.
source "$(dirname "$0")/lib.sh"

corpus="$SOURCE_DIR/tests/data/secrets"
mkdir -p "$WORK/in" "$WORK/out"
for f in "$corpus"/*.*; do [ "$(basename "$f")" == CANARIES.tsv ] || cp "$f" "$WORK/in/"; done
expect_eq "$(cat "$WORK"/in/* | grep -o 'CANARY[0-9A-Z][0-9][a-z]*' | sort -u | wc -l)" \
  "$(wc -l <"$corpus/CANARIES.tsv")" "the corpus holds every canary of CANARIES.tsv"

# A rule per canary that matches the canary itself (the rule sees clear text), intended
# rules whose extra lines are every top-level line and every child of a few sections, and
# a template line holding a secret of its own (a missing line).
{
  echo "vars: {defaults: {c: CANARYZZtemplate}}"
  echo "rules:"
  # (written CANAR[Y]..., so that the policy's own text shown in a report is no leak)
  i=0
  cut -f1 "$corpus/CANARIES.tsv" | while read -r canary; do
    i=$((i + 1))
    echo "  - {id: find-$i, severity: high, message: m, forbid: 'CANAR[Y]${canary#CANARY}'}"
  done
  echo "  - {id: top, severity: low, message: m, intended: {lines: ['snmp-server community {{ c }} RO']}}"
  for scope in '^snmp' '^system' '^security' '^interface' '^router' '^line' '^config' '^edit' \
    '^set' '^protocols' '^service' '^vpn' '^network' '^tunnel-group' '^aaa-server'; do
    echo "  - {id: 'extra$scope', severity: low, message: m, intended: {scope: '$scope', lines: ['x']}}"
  done
  echo "  - {id: communities, severity: critical, message: m, model: {none: snmp.communities, field: name, in: [public]}}"
  echo "  - {id: users, severity: low, message: m, model: {none: users, field: hash_type, in: [none]}}"
} >"$WORK/policy.yaml"

reports=(--report "json=$WORK/out/summary.json" --report "csv=$WORK/out/findings.csv"
  --report "junit=$WORK/out/junit.xml" --report "sarif=$WORK/out/findings.sarif"
  --report "html=$WORK/out/report.html")
n=0
# every_output NAME CMD...: runs cfgsweep, keeping stdout and stderr under $WORK/out.
every_output() {
  local name=$1
  shift
  n=$((n + 1))
  "$CFGSWEEP" "$@" >"$WORK/out/$n.$name.stdout" 2>"$WORK/out/$n.$name.stderr" || true
}
every_output parse parse -j 2 "$WORK/in"
every_output parse-ordered parse -j 2 --ordered -o "$WORK/out/parse.jsonl" "$WORK/in"
every_output query query -j 2 --match '.' "$WORK/in"
every_output query-child query -j 2 --match '.' --child '.' "$WORK/in"
every_output check check -j 2 --policy "$WORK/policy.yaml" "$WORK/in" "${reports[@]}" \
  -o "$WORK/out/check.jsonl"
cp "$WORK/out/check.jsonl" "$WORK/out/check-before.jsonl"
sed -i 's/CANARY/CANARY/' "$WORK/in/ios.cfg"
echo "snmp-server community CANARYZZnew RO" >>"$WORK/in/ios.cfg"
every_output check-again check -j 2 --policy "$WORK/policy.yaml" "$WORK/in" -o "$WORK/out/check-after.jsonl"
every_output diff diff "$WORK/out/check-before.jsonl" "$WORK/out/check-after.jsonl"
every_output diff-text diff --text "$WORK/out/check-before.jsonl" "$WORK/out/check-after.jsonl"
for f in "$WORK"/in/*; do
  base=$(basename "$f")
  every_output "show-$base" show "$f"
  every_output "show-tree-$base" show --tree "$f"
  every_output "show-json-$base" show --json "$f"
done

expect_eq "$(grep -c '"status":"fail"' "$WORK/out/check.jsonl" | tr -d ' ')" 15 \
  "the check ran: every config has a failed rule"
expect_match "$(jq -r '.findings[] | select(.rule == "find-1") | .status' \
  "$WORK/out/check.jsonl" | sort -u | tr '\n' ' ')" "fail" "a rule finds its canary in clear"
expect_match "$(jq -r '.findings[] | select(.rule == "find-1" and .status == "fail") | .evidence[0].text' \
  "$WORK/out/check.jsonl")" "<redacted>" "... and its evidence shows it redacted"
leaks=$(grep -rl 'CANARY' "$WORK/out" || true)
expect_eq "$leaks" "" "no canary in any output of any command or report"
if [ -n "$leaks" ]; then grep -rho 'CANARY[0-9A-Z][0-9][a-z]*' "$WORK/out" | sort | uniq -c | head -20 >&2; fi
expect_eq "$(ls "$WORK/out" | wc -l)" "$((n * 2 + 9))" "every output was written"

# --show-secrets: the model shows the community names, the tree every canary.
expect_match "$("$CFGSWEEP" show --show-secrets "$WORK/in/ios.cfg" | jq -r '.model.snmp.communities[].name' | tr '\n' ' ')" \
  "CANARY" "--show-secrets: community names in the model"
shown=0
for f in "$WORK"/in/*; do
  shown=$((shown + $("$CFGSWEEP" show --tree --show-secrets "$f" | grep -o 'CANARY[0-9A-Z][0-9][a-z]*' | sort -u | wc -l)))
done
expect_eq "$shown" "$(wc -l <"$corpus/CANARIES.tsv")" "--show-secrets: every canary in the trees"

finish
