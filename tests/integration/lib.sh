# Helpers for the integration tests: each test runs the real cfgsweep binary (real
# worker processes, real shared memory) and checks what a user would see.
# CTest sets CFGSWEEP (the binary), SYNTH (the corpus generator), SOURCE_DIR,
# FAULT_INJECTION and SANITIZE.
set -euo pipefail
: "${CFGSWEEP:?run through ctest}" "${SYNTH:?}" "${SOURCE_DIR:?}"
export LC_ALL=C

WORK=$(mktemp -d "${TMPDIR:-/tmp}/cfgsweep-test.XXXXXX")
chmod 755 "$WORK"
trap 'rm -rf "$WORK"' EXIT
passed=0
failed=0

pass() { passed=$((passed + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*" >&2; }

# expect_eq ACTUAL EXPECTED DESCRIPTION
expect_eq() {
  if [ "$1" == "$2" ]; then pass; else fail "$3: expected [$2], got [$1]"; fi
}
# expect_match TEXT REGEX DESCRIPTION
expect_match() {
  if [[ "$1" =~ $2 ]]; then pass; else fail "$3: [$1] does not match /$2/"; fi
}

# Runs cfgsweep, keeping stdout in $WORK/out.jsonl, stderr in $WORK/err and the exit code
# in $rc.
run() {
  set +e
  "$CFGSWEEP" "$@" >"$WORK/out.jsonl" 2>"$WORK/err"
  rc=$?
  set -e
}

# Every line of FILE is a complete JSON object.
# jq stops at the first malformed line, so the count of objects it prints must equal the
# count of lines, and a final line without its newline is caught by the tail check.
all_lines_json() {
  local file=$1 objects
  objects=$(jq -c 'type' "$file" 2>/dev/null | grep -c '^"object"$' || true)
  [ "$objects" -eq "$(wc -l <"$file")" ] && { [ ! -s "$file" ] || [ "$(tail -c 1 "$file")" == "" ]; }
}

# Shared-memory segments left by the run whose supervisor had pid PID.
segments_of() { ls /dev/shm 2>/dev/null | grep -c "^cfgsweep\.$(id -u)\.$1\." || true; }

# Segments whose supervisor is gone: leaked (other tests' live runs may have theirs).
leaked_segments() {
  local name pid
  for name in $(ls /dev/shm | grep "^cfgsweep\.$(id -u)\." || true); do
    pid=$(echo "$name" | cut -d. -f3)
    kill -0 "$pid" 2>/dev/null || echo "$name"
  done
}

finish() {
  echo "$(basename "$0" .sh): $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
}
