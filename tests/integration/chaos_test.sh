#!/usr/bin/env bash
# Chaos: while a run of several thousand files is going, SIGKILL random workers at random
# moments, many times. The test build pauses inside the job ring's critical section
# (CFGSWEEP_FAULT_RING_PAUSE_US), so many kills land while a worker holds the ring lock.
# The run must finish, give every input exactly one result, and leave no segment behind.
source "$(dirname "$0")/lib.sh"
if [ "${FAULT_INJECTION:-0}" != 1 ]; then
  echo "chaos_test: skipped: needs a build with CFGSWEEP_FAULT_INJECTION=ON"; exit 77
fi
files=6000
"$SYNTH" small "$WORK/corpus" $files

CFGSWEEP_FAULT_RING_PAUSE_US=300 "$CFGSWEEP" parse "$WORK/corpus" --jobs 3 \
  >"$WORK/out.jsonl" 2>"$WORK/err" &
supervisor=$!
kills=0
modes=""
for round in $(seq 1 150); do
  kill -0 $supervisor 2>/dev/null || break
  [ -z "$modes" ] && modes=$(stat -c %a /dev/shm/cfgsweep.$(id -u).$supervisor.* 2>/dev/null || true)
  # Workers only (argv "--worker ...", then the title "cfgsweep: worker N: ..."): under
  # ASan the supervisor's other child is LeakSanitizer's tracer at exit, which a kill
  # would leave waiting for ever.
  victim=$(pgrep -P $supervisor -f -- '(--worker |: worker )' | shuf -n 1 || true)
  if [ -n "$victim" ] && kill -9 "$victim" 2>/dev/null; then kills=$((kills + 1)); fi
  sleep "0.0$((RANDOM % 4 + 1))"
done
# A deadlock shows up as a run that never ends.
for second in $(seq 1 120); do kill -0 $supervisor 2>/dev/null || break; sleep 1; done
if kill -0 $supervisor 2>/dev/null; then
  fail "the run did not finish within 120 s of the last kill (deadlock?)"
  kill -9 $supervisor
fi
set +e; wait $supervisor; rc=$?; set -e

echo "chaos_test: $kills workers killed" >&2
[ "$kills" -ge 30 ] && pass || fail "only $kills kills landed; the test did not exercise anything"
expect_eq "$modes" 600 "the segment is mode 0600 while the run goes on"
expect_match "$rc" "^(0|2)$" "the run completes (exit 0, or 2 if a job lost both attempts)"
expect_eq "$(wc -l <"$WORK/out.jsonl")" $files "one result per input"
expect_eq "$(jq -r .source "$WORK/out.jsonl" | sort -u | wc -l)" $files "no input twice, none lost"
expect_eq "$(jq -r 'select(.status != "ok" and .status != "crashed") | .status' "$WORK/out.jsonl" | wc -l)" 0 \
  "every result is ok or crashed"
expect_eq "$(jq -r 'select(.status == "crashed") | .attempts' "$WORK/out.jsonl" | sort -u | tr -d '\n')" \
  "$(jq -r 'select(.status == "crashed") | .attempts' "$WORK/out.jsonl" | head -1 | grep -q . && echo 2)" \
  "a crashed result was tried twice"
expect_eq "$(segments_of $supervisor)" 0 "no shared memory segment left behind"
expect_eq "$(pgrep -f "cfgsweep\.$(id -u)\.$supervisor\." | wc -l)" 0 "no worker left running"
finish
