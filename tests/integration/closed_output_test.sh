#!/usr/bin/env bash
# Piped into head: when the reader closes stdout, the run stops quietly (no message, no
# summary), exits with the status of the results so far (0 here: they all parsed), and
# removes its shared memory. An exit 74 with a message broke `set -o pipefail` scripts.
source "$(dirname "$0")/lib.sh"
mkdir "$WORK/many"
for i in $(seq 1 60); do
  for f in "$SOURCE_DIR"/samples/configs/*.*; do cp "$f" "$WORK/many/$i-${f##*/}"; done
done
set +e -o pipefail
"$CFGSWEEP" parse "$WORK/many" --jobs 2 2>"$WORK/err" | head -n 1 >"$WORK/first"
rc=$?
set -e +o pipefail
expect_eq "$rc" 0 "parse | head -n 1 under pipefail: exit 0"
expect_eq "$(cat "$WORK/err")" "" "... with nothing on stderr"
expect_eq "$(jq -r .status "$WORK/first")" ok "... and the first result read"
expect_eq "$(leaked_segments)" "" "... and no shared memory left behind"

set +e -o pipefail
"$CFGSWEEP" check "$WORK/many" --jobs 2 --policy "$SOURCE_DIR/samples/policies/baseline.yaml" \
  --fail-on critical --ordered 2>"$WORK/err" | head -c 100 >/dev/null
rc=$?
set -e +o pipefail
expect_eq "$rc/$(cat "$WORK/err")" "0/" "check --ordered | head -c 100: exit 0, quiet"
finish
