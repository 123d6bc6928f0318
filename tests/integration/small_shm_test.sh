#!/usr/bin/env bash
# Where users run it: a container's /dev/shm is 64 MB (Docker's default), less than the
# segment a run asks for. The run must still work (an anonymous segment takes the place of
# the named one), never crash, and leave nothing behind. Run in a mount namespace of its
# own, with a 64 MB tmpfs on /dev/shm, as a container has.
source "$(dirname "$0")/lib.sh"
if [ "$(id -u)" -eq 0 ]; then namespace=(unshare -m); else namespace=(unshare -rm); fi
if ! "${namespace[@]}" true 2>/dev/null; then
  echo "small_shm_test: cannot create a mount namespace here; skipped"; exit 77
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

samples=$SOURCE_DIR/samples/configs
count=$(find "$samples" -type f | wc -l)
tar -C "$samples" -cf "$WORK/samples.tar" .

run_in_small_shm 64m parse "$samples" "$WORK/samples.tar" --jobs 2 -q
expect_eq "$rc" 0 "parse with a 64 MB /dev/shm: exit 0 (was a segfault, exit 139)"
expect_eq "$(jq -r .status "$WORK/out.jsonl" | sort | uniq -c | tr -s ' ')" " $((2 * count)) ok" \
  "every file and every archive member parsed"
expect_eq "$(cat "$WORK/left")" "" "nothing left in /dev/shm"

# A larger --max-file-size asks for a larger arena: still served, even by a 4 MB /dev/shm.
run_in_small_shm 4m parse "$WORK/samples.tar" --jobs 2 -q --max-file-size 1G
expect_eq "$rc/$(jq -r .status "$WORK/out.jsonl" | sort -u)" "0/ok" "a 4 MB /dev/shm and --max-file-size 1G"

finish
