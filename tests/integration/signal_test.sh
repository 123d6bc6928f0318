#!/usr/bin/env bash
# SIGTERM and SIGINT mid-run: results so far are whole lines, shared memory is gone, the
# exit code says interrupted. A SIGKILLed run leaves a segment that the next run removes.
source "$(dirname "$0")/lib.sh"
"$SYNTH" small "$WORK/corpus" 20000

# Starts a run in the background and waits until it has written some results.
start_run() {
  "$CFGSWEEP" parse "$WORK/corpus" --jobs 2 "$@" >"$WORK/out.jsonl" 2>"$WORK/err" &
  supervisor=$!
  for tick in $(seq 1 500); do
    [ "$(wc -l <"$WORK/out.jsonl")" -ge 200 ] && return 0
    kill -0 $supervisor 2>/dev/null || return 0
    sleep 0.01
  done
}

for signal in TERM INT; do
  start_run
  kill -$signal $supervisor
  set +e; wait $supervisor; rc=$?; set -e
  lines=$(wc -l <"$WORK/out.jsonl")
  expect_eq "$rc" 130 "SIG$signal: exit 130"
  [ "$lines" -ge 200 ] && [ "$lines" -lt 20000 ] && pass || fail "SIG$signal: partial results ($lines lines)"
  all_lines_json "$WORK/out.jsonl" && pass || fail "SIG$signal: every line is whole JSON"
  expect_eq "$(jq -r .source "$WORK/out.jsonl" | sort -u | wc -l)" "$lines" "SIG$signal: no duplicates"
  expect_eq "$(segments_of $supervisor)" 0 "SIG$signal: shared memory removed"
  expect_match "$(cat "$WORK/err")" "finishing the inputs in progress" "SIG$signal: says what it does"
done

# --ordered flushes what it held back, too.
start_run --ordered
kill -TERM $supervisor
set +e; wait $supervisor; rc=$?; set -e
expect_eq "$rc" 130 "--ordered SIGTERM: exit 130"
all_lines_json "$WORK/out.jsonl" && pass || fail "--ordered SIGTERM: whole lines"

# A SIGKILLed supervisor cannot clean up: its workers die with it (parent-death signal)
# and the next run removes the segment it left.
# (On a loaded machine the run may finish before the kill lands: then it is run again.)
for attempt in 1 2 3 4 5; do
  start_run
  kill -KILL $supervisor 2>/dev/null || true
  set +e; wait $supervisor; killed=$?; set -e
  [ "$killed" -eq 137 ] && break
done
expect_eq "$killed" 137 "the supervisor was SIGKILLed mid-run"
expect_eq "$(segments_of $supervisor)" 1 "SIGKILL leaves the segment behind"
sleep 0.5
expect_eq "$(pgrep -f "cfgsweep\.$(id -u)\.$supervisor\." | wc -l)" 0 "its workers died with it"
run parse "$SOURCE_DIR/samples/configs" --quiet
expect_eq "$rc" 0 "the next run works"
expect_eq "$(segments_of $supervisor)" 0 "and removed the stale segment"
finish
