#!/usr/bin/env bash
# Every file of the real corpus in ../shared/corpus (configs from public projects) goes
# through cfgsweep without a crash, a hang or a lost result.
source "$(dirname "$0")/lib.sh"
corpus=${CFGSWEEP_CORPUS:-$SOURCE_DIR/../shared/corpus}
if [ ! -d "$corpus" ]; then
  echo "corpus_test: no corpus at $corpus; skipped"; exit 77
fi
find "$corpus" -type f | sort >"$WORK/expected"

run parse "$corpus" --jobs 2 --timeout-per-file 20
expect_match "$rc" "^(0|2)$" "the run completes"
expect_eq "$(wc -l <"$WORK/out.jsonl")" "$(wc -l <"$WORK/expected")" "one result per file"
jq -r .source "$WORK/out.jsonl" | sort >"$WORK/got"
cmp -s "$WORK/got" "$WORK/expected" && pass || fail "the results are for exactly the corpus files"
all_lines_json "$WORK/out.jsonl" && pass || fail "every line is JSON (non-UTF-8 files included)"
expect_eq "$(jq -r 'select(.status == "timeout" or .status == "crashed" or .status == "oom") | .source' "$WORK/out.jsonl")" \
  "" "no file crashes, hangs or exhausts a worker"
# The files the manifest labels IOS family are parsed as such (the labels are a heuristic
# and a few snippets are wrong, hence 98 %, not all).
awk -F'\t' -v root="$corpus/" 'NR > 1 && $5 ~ /^(cisco_ios|cisco_nxos|cisco_iosxr|cisco_asa|arista_eos)$/ { print root $4 }' \
  "$corpus/MANIFEST.tsv" | sort >"$WORK/ios-labelled"
jq -r 'select(.format == "ios" and .status == "ok") | .source' "$WORK/out.jsonl" | sort >"$WORK/ios-parsed"
labelled=$(wc -l <"$WORK/ios-labelled")
parsed=$(comm -12 "$WORK/ios-labelled" "$WORK/ios-parsed" | wc -l)
echo "corpus_test: $(wc -l <"$WORK/expected") files; $parsed of $labelled IOS-family files parsed as IOS family"
[ "$labelled" -gt 1000 ] && [ "$parsed" -ge $((labelled * 98 / 100)) ] && pass || fail "IOS-family files parse ($parsed of $labelled)"
finish
