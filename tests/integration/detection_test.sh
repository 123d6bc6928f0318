#!/usr/bin/env bash
# Format and vendor detection on configs written here from the vendors' documentation, one
# per class that was read wrong on configs never seen (issue 14): a vendor is named only on
# its evidence; look-alikes of vendors cfgsweep does not model get none.
source "$(dirname "$0")/lib.sh"
data=$SOURCE_DIR/tests/data/detection
expected=$(dirname "$0")/detection_expected.tsv

run parse "$data" --jobs 2 -q
expect_eq "$rc" 2 "the files of no known format are errors (exit 2), the others parse"
jq -r '[(.source | split("/") | last), (.format // "unknown"), (.vendor // "null")] | @tsv' \
  "$WORK/out.jsonl" | sort >"$WORK/got"
while IFS=$'\t' read -r file format vendor; do
  got=$(awk -F'\t' -v f="$file" '$1 == f { print $2 "\t" $3 }' "$WORK/got")
  [ "$format" == "*" ] && got="*"$'\t'"${got#*$'\t'}"
  expect_eq "$got" "$format"$'\t'"$vendor" "$file: format and vendor"
done < <(grep -v '^#' "$expected")
expect_eq "$(wc -l <"$WORK/got")" "$(grep -vc '^#' "$expected")" "one result per test file"
# A vendor named is said with its evidence; none named says why.
expect_eq "$(jq -r 'select(.vendor != null and (.detection.reason | test(": .* [+]") | not)) | .source' "$WORK/out.jsonl")" \
  "" "every named vendor's reason lists its evidence with weights"
expect_eq "$(jq -r 'select(.vendor == null and .format != null and (.detection.reason | test("vendor unknown: ") | not)) | .source' "$WORK/out.jsonl")" \
  "" "every file without a vendor says why"
# --vendor still overrides: a user who knows the fleet says so.
run parse "$data/ios_no_evidence.cfg" --vendor cisco_ios -q
expect_eq "$(jq -r .vendor "$WORK/out.jsonl")" "cisco_ios" "--vendor names the vendor detection would not"
finish
