#!/usr/bin/env bash
# 2,000 generated files give exactly 2,000 results, each input once, whatever the
# number of workers and the output order.
source "$(dirname "$0")/lib.sh"
"$SYNTH" small "$WORK/corpus" 2000
ls "$WORK/corpus" | sed "s|^|$WORK/corpus/|" | sort >"$WORK/expected"

for jobs in 1 2 3; do
  for order in "" --ordered; do
    run parse "$WORK/corpus" --jobs "$jobs" $order --quiet
    label="--jobs $jobs $order"
    expect_eq "$rc" 0 "$label exit code"
    expect_eq "$(wc -l <"$WORK/out.jsonl")" 2000 "$label result lines"
    jq -r .source "$WORK/out.jsonl" | sort >"$WORK/got"
    expect_eq "$(sort -u "$WORK/got" | wc -l)" 2000 "$label each input once"
    cmp -s "$WORK/got" "$WORK/expected" && pass || fail "$label sources are the inputs"
    expect_eq "$(jq -r .status "$WORK/out.jsonl" | sort -u)" ok "$label all ok"
  done
done
# --ordered really is input order.
run parse "$WORK/corpus" --jobs 2 --ordered --quiet
jq -r .source "$WORK/out.jsonl" >"$WORK/got"
cmp -s "$WORK/got" "$WORK/expected" && pass || fail "--ordered output is in input order"
finish
