#!/usr/bin/env bash
# Where users run it: a container's /dev/shm is 64 MB (Docker's default), less than the
# segment a run asks for. The run must still work (an anonymous segment takes the place of
# the named one), never crash, and leave nothing behind. Run in a mount namespace of its
# own, with a 64 MB tmpfs on /dev/shm, as a container has.
source "$(dirname "$0")/lib.sh"
if [ "$(id -u)" -eq 0 ]; then namespace=(unshare -m); else namespace=(unshare -rm); fi
samples=$SOURCE_DIR/samples/configs
count=$(find "$samples" -type f | wc -l)
tar -C "$samples" -cf "$WORK/samples.tar" .

# The anonymous segment itself, asked for by the test build's hook: this part runs
# wherever the test does, mount namespace or not.
if [ "${FAULT_INJECTION:-0}" = 1 ]; then
  CFGSWEEP_FAULT_ANONYMOUS_SEGMENT=1 run parse "$samples" "$WORK/samples.tar" --jobs 2 -q
  expect_eq "$rc/$(jq -r .status "$WORK/out.jsonl" | sort | uniq -c | tr -s ' ')" "0/ $((2 * count)) ok" \
    "the anonymous segment (memfd): every file and member parsed"
fi
if ! "${namespace[@]}" true 2>/dev/null; then
  echo "small_shm_test: cannot create a mount namespace here; the 64 MB /dev/shm runs skipped"
  [ "${FAULT_INJECTION:-0}" = 1 ] && finish
  exit 77
fi

# Runs cfgsweep ARGS... with /dev/shm a fresh tmpfs of SIZE; lists /dev/shm after the run
# into $WORK/left.
run_in_small_shm() {
  local size=$1
  shift
  set +e
  "${namespace[@]}" sh -c 'mount -t tmpfs -o size="$1",mode=1777 tmpfs /dev/shm || exit 99
    shift; "$@"; rc=$?; ls /dev/shm >"$LEFT"; exit $rc' sh "$size" "$CFGSWEEP" "$@" \
    >"$WORK/out.jsonl" 2>"$WORK/err"
  rc=$?
  set -e
}
export LEFT=$WORK/left

run_in_small_shm 64m parse "$samples" "$WORK/samples.tar" --jobs 2 -q
expect_eq "$rc" 0 "parse with a 64 MB /dev/shm: exit 0 (was a segfault, exit 139)"
expect_eq "$(jq -r .status "$WORK/out.jsonl" | sort | uniq -c | tr -s ' ')" " $((2 * count)) ok" \
  "every file and every archive member parsed"
expect_eq "$(cat "$WORK/left")" "" "nothing left in /dev/shm"

# A larger --max-file-size asks for a larger arena: still served, even by a 4 MB /dev/shm.
run_in_small_shm 4m parse "$WORK/samples.tar" --jobs 2 -q --max-file-size 1G
expect_eq "$rc/$(jq -r .status "$WORK/out.jsonl" | sort -u)" "0/ok" "a 4 MB /dev/shm and --max-file-size 1G"

finish
