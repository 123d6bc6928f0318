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

# Walking a backup directory: the VCS folder Oxidized and RANCID keep beside the configs,
# a folder --exclude names, and the run's own output written into the walked directory are
# never read as inputs.
mkdir -p "$WORK/tree/.git/objects/ab" "$WORK/tree/.svn" "$WORK/tree/.hg" "$WORK/tree/.bzr" \
  "$WORK/tree/CVS" "$WORK/tree/old" "$WORK/tree/new"
for vcs in .hg .bzr CVS; do printf 'hostname vcs\n' >"$WORK/tree/$vcs/Entries"; done
printf 'hostname r1\ninterface Gi0/1\n shutdown\n' >"$WORK/tree/new/r1.cfg"
printf 'x\x9c\x01\x02 blob' >"$WORK/tree/.git/objects/ab/cdef"
printf 'hostname old\n' >"$WORK/tree/.svn/entries"
printf 'hostname r0\n' >"$WORK/tree/old/r0.cfg"
set +e
"$CFGSWEEP" parse "$WORK/tree" --exclude old -q >"$WORK/tree/new/run.jsonl" 2>"$WORK/err"
rc=$?
set -e
expect_eq "$rc" 0 "a walk with a .git folder, an excluded folder and its own output inside"
expect_eq "$(jq -r .source "$WORK/tree/new/run.jsonl" | sed "s|$WORK/tree/||")" "new/r1.cfg" \
  "only the config is read: not .git, .svn, the excluded folder or the run's own stdout"
run parse "$WORK/tree" -q -o "$WORK/tree/own.jsonl" --exclude 'run.jsonl'
expect_eq "$(jq -r .source "$WORK/tree/own.jsonl" | sed "s|$WORK/tree/||" | sort | paste -sd,)" \
  "new/r1.cfg,old/r0.cfg" "-o inside the walked folder is not read back"
run parse "$WORK/tree/.git" -q
expect_eq "$(wc -l <"$WORK/out.jsonl")" 1 "a .git folder named on the command line is walked"
run parse "$WORK/tree/new/r1.cfg" "$WORK/tree/own2.jsonl" -q -o "$WORK/tree/own2.jsonl" --ordered
expect_eq "$(jq -r '[.status, (.errors[0].code // "-")] | join(" ")' "$WORK/tree/own2.jsonl" | paste -sd,)" \
  "ok -,skipped own_output" "the run's own output named as an input: a skipped line, not read"

# Repeatable options take one value each: the path after them stays a path.
mkdir "$WORK/one" && cp "$WORK/tree/new/r1.cfg" "$WORK/one/"
run parse --include '*.cfg' "$WORK/one" -q
expect_eq "$rc/$(jq -r .source "$WORK/out.jsonl")" "0/$WORK/one/r1.cfg" "--include GLOB PATH keeps PATH"
policy=$SOURCE_DIR/samples/policies/baseline.yaml
run check --report csv="$WORK/r.csv" "$WORK/one" --policy "$policy" -q
expect_eq "$(wc -l <"$WORK/out.jsonl")/$(head -c 6 "$WORK/r.csv")" "1/source" "--report F=P PATH keeps PATH"

# Report destinations: checked before any work; "-" is stdout (the JSON Lines then go to -o).
run check "$WORK/one" --policy "$policy" -q --report csv="$WORK/no/such/dir/r.csv"
expect_match "$rc/$(cat "$WORK/err")" "^74/.*cannot open --report csv=.*no/such/dir/r.csv" \
  "an unwritable report path fails before the run"
expect_eq "$(wc -l <"$WORK/out.jsonl")" 0 "... with no result written"
run check "$WORK/one" --policy "$policy" -q --report sarif=- -o "$WORK/lines.jsonl"
expect_eq "$rc/$(jq -r '.version' "$WORK/out.jsonl")/$(wc -l <"$WORK/lines.jsonl")" "1/2.1.0/1" \
  "--report sarif=- writes the SARIF report to stdout"
run check "$WORK/one" --policy "$policy" -q --report sarif=-
expect_match "$rc/$(cat "$WORK/err")" "^64/.*-o FILE" "a report on stdout with the JSON Lines there too: usage error"
run check "$WORK/one" --policy "$policy" -q --report csv=/dev/null
expect_eq "$rc/$(cat "$WORK/err")" "1/" "a report to /dev/null (not a regular file) is written as it is"
mkfifo "$WORK/report.fifo"
cat "$WORK/report.fifo" >"$WORK/from_fifo" &
run check "$WORK/one" --policy "$policy" -q --report junit="$WORK/report.fifo"
wait
expect_eq "$rc/$(head -c 5 "$WORK/from_fifo")" "1/<?xml" "a report into a FIFO"
run run -I "$WORK/none.yaml" --report csv="$WORK/r.csv"
expect_match "$rc/$(cat "$WORK/err")" "^64/.*--report needs --policy" "run --report without --policy: usage error"

# Text that is not a config is unknown_format, never a vendor's config.
printf 'body {\n  margin: 0;\n  color: #333;\n}\n.nav a:hover {\n  color: red;\n}\n' >"$WORK/site.css"
printf 'int main(void) {\n  puts("hi");\n  return 0;\n}\n' >"$WORK/main.c"
run parse "$WORK/site.css" "$WORK/main.c" -q --ordered
expect_eq "$(jq -r '[.status, (.format // "null"), .errors[0].code] | join(",")' "$WORK/out.jsonl" | paste -sd' ')" \
  "error,null,unknown_format error,null,unknown_format" "a style sheet and a C file are unknown_format"

# Links inside an archive get a line each (skipped, with what they point to); the file
# they link to is read once.
mkdir "$WORK/links" && printf 'hostname a\n' >"$WORK/links/a.cfg"
ln "$WORK/links/a.cfg" "$WORK/links/hard.cfg" && ln -s a.cfg "$WORK/links/soft.cfg"
tar -C "$WORK/links" -cf "$WORK/links.tar" a.cfg hard.cfg soft.cfg
run parse "$WORK/links.tar" -q --ordered
expect_eq "$rc/$(jq -r '[.member, .status, (.errors[0].code // "-")] | join(" ")' "$WORK/out.jsonl" | paste -sd,)" \
  "0/a.cfg ok -,hard.cfg skipped hard_link,soft.cfg skipped symlink" "tar links: one skipped line each"

# A sparse 20 GB file fails --max-file-size from its size, without being read.
truncate -s 20G "$WORK/sparse.cfg"
run parse "$WORK/sparse.cfg" -q
expect_eq "$rc/$(jq -r '.errors[0].code' "$WORK/out.jsonl")" "2/too_large" "a sparse 20 GB file is too_large"

finish