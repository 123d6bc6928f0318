#!/usr/bin/env bash
# Hostile inputs do not break out: text from a config or a file name cannot drive the
# terminal of whoever reads show --tree, diff --text or an error message.
source "$(dirname "$0")/lib.sh"

# A config whose description holds an escape sequence (clear screen, retitle the window),
# a one-byte CSI and bytes that are not UTF-8.
esc=$'\e'
printf 'hostname r1\ninterface Gi0/1\n description %s[2J%s]0;owned\a \x9b31m caf\xe9\n' \
  "$esc" "$esc" >"$WORK/escape.cfg"
run show --tree "$WORK/escape.cfg"
expect_eq "$rc" 0 "show --tree of a config with control characters"
if LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f\x80-\xff]' "$WORK/out.jsonl"; then
  fail "show --tree wrote a raw control character or non-UTF-8 byte: $(od -c "$WORK/out.jsonl" | head -5)"
else pass; fi
expect_match "$(cat "$WORK/out.jsonl")" 'description \\x1b\[2J\\x1b\]0;owned\\x07 \\x9b31m caf\\xe9' \
  "each control character written as \\xNN"

# An error naming a file whose name holds an escape sequence.
touch "$WORK/x${esc}[31mred.yaml"
run check "$WORK/escape.cfg" --policy "$WORK/x${esc}[31mred.yaml"
expect_eq "$rc" 64 "an empty policy is a usage error"
if grep -q "$esc" "$WORK/err"; then fail "the error printed a raw escape: $(cat -v "$WORK/err")"; else pass; fi
expect_match "$(cat "$WORK/err")" 'x\\x1b\[31mred.yaml' "the error names the file, escaped"

finish
