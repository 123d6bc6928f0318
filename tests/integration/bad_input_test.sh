#!/usr/bin/env bash
# Bad inputs fail alone, each with a clear reason, and every other input keeps its result:
# unreadable, empty, binary, oversized, a FIFO, a directory loop, broken and hostile
# files, and archives that are good, empty or corrupt.
source "$(dirname "$0")/lib.sh"
in=$WORK/in
mkdir -p "$in/sub" "$in/members"
cp "$SOURCE_DIR"/samples/configs/*.cfg "$in/"
: >"$in/empty.cfg"
printf 'hostname x\n\x00\x01\x02binary' >"$in/binary.cfg"
mkfifo "$in/pipe.cfg"
ln -s .. "$in/sub/up"                       # a loop back to an ancestor
ln -s "$in/nowhere.cfg" "$in/broken-link.cfg"
head -c 3000 /dev/zero | tr '\0' 'x' >"$in/big.cfg"
# Hostile but parseable: a 20 MB single line, and 100,000 lines nested up to 400 deep.
{ printf 'hostname longline\ndescription '; head -c 20000000 /dev/zero | tr '\0' 'a'; echo; } >"$in/sub/longline.cfg"
awk 'BEGIN { print "hostname deep"; for (i = 0; i < 100000; i++) printf "%*s interface x%d\n", i % 400, "", i }' >"$in/sub/deep.cfg"
printf 'hostname latin\ninterface Gi0/1\n description caf\xe9 \xff\n' >"$in/sub/latin1.cfg"
printf 'hostname crlf\r\ninterface Gi0/1\r\n ip address 10.0.0.1 255.255.255.0\r\n' >"$in/sub/crlf.cfg"
# Archives: good ones in three formats, an empty file, and corrupt ones.
for i in 1 2 3; do printf 'hostname member%d\ninterface Gi0/%d\n shutdown\n' $i $i >"$in/members/m$i.cfg"; done
tar -C "$in/members" -czf "$WORK/good.tar.gz" m1.cfg m2.cfg m3.cfg
tar -C "$in/members" --zstd -cf "$WORK/good.tar.zst" m1.cfg m2.cfg m3.cfg
(cd "$in/members" && zip -q "$WORK/good.zip" m1.cfg m2.cfg m3.cfg)
: >"$WORK/zero.tar.gz"
head -c 20 "$WORK/good.tar.gz" >"$WORK/truncated.tar.gz"
head -c 4096 /dev/urandom >"$WORK/garbage.zip"
rm -r "$in/members"

run parse "$in" "$WORK/good.tar.gz" "$WORK/good.tar.zst" "$WORK/good.zip" "$WORK/zero.tar.gz" \
  "$WORK/truncated.tar.gz" "$WORK/garbage.zip" --max-file-size 25M --jobs 2
expect_eq "$rc" 2 "a run with failed inputs exits 2"
all_lines_json "$WORK/out.jsonl" && pass || fail "every line is JSON, Latin-1 and binary included"
r() { jq -r "select(.source | endswith(\"$1\")) | $2" "$WORK/out.jsonl"; }
expect_eq "$(r /empty.cfg '.status + " " + .errors[0].code')" "error empty" "empty file"
expect_eq "$(r /binary.cfg '.status + " " + .errors[0].code + " line " + (.errors[0].line|tostring)')" \
  "error binary line 2" "binary file, with the line of the first NUL"
expect_eq "$(r /pipe.cfg '.status + " " + .errors[0].code')" "skipped not_regular" "FIFO skipped, not hung"
expect_eq "$(r /sub/up '.status + " " + .errors[0].code')" "skipped dir_loop" "directory loop"
expect_eq "$(r /broken-link.cfg '.status + " " + .errors[0].code')" "error broken_symlink" "broken symlink"
expect_eq "$(r /longline.cfg '.status + " " + .model.hostname')" "ok longline" "20 MB single line"
expect_eq "$(r /deep.cfg '.status + " " + (.lines|tostring)')" "ok 100001" "100,000 nested lines"
expect_eq "$(r /latin1.cfg '.model.interfaces[0].description')" "caf� �" "invalid UTF-8 becomes U+FFFD"
expect_eq "$(r /crlf.cfg '.model.hostname + " " + .model.interfaces[0].ipv4[0]')" "crlf 10.0.0.1/24" "CRLF line ends"
expect_eq "$(jq -r 'select(.member) | .source + ":" + .member + ":" + .model.hostname' "$WORK/out.jsonl" | sed "s|$WORK/||" | sort | tr '\n' ' ')" \
  "good.tar.gz:m1.cfg:member1 good.tar.gz:m2.cfg:member2 good.tar.gz:m3.cfg:member3 good.tar.zst:m1.cfg:member1 good.tar.zst:m2.cfg:member2 good.tar.zst:m3.cfg:member3 good.zip:m1.cfg:member1 good.zip:m2.cfg:member2 good.zip:m3.cfg:member3 " \
  "archive members parsed through the arena"
expect_eq "$(r /zero.tar.gz '.status + " " + .errors[0].code')" "error archive" "0-byte archive"
expect_match "$(r /truncated.tar.gz '.status + " " + .errors[0].code + " " + .errors[0].message')" \
  "^error archive .*(truncated|corrupt)" "truncated archive"
expect_match "$(r /garbage.zip '.status + " " + .errors[0].code')" "^error (archive|empty_archive)$" "garbage archive"
expect_eq "$(jq -r 'select(.source | test("\\.cfg$")) | select(.status=="ok") | .model.hostname' "$WORK/out.jsonl" | grep -c -E '^(access-sw1|branch-r1|core1|dc-leaf1|fw1|pe1)$')" \
  6 "every good file still parsed"
total=$(wc -l <"$WORK/out.jsonl")
expect_eq "$(jq -r '.source + "|" + (.member // "")' "$WORK/out.jsonl" | sort -u | wc -l)" "$total" "each input once"

run parse "$in/big.cfg" --max-file-size 1K
expect_eq "$(jq -r '.status + " " + .errors[0].code' "$WORK/out.jsonl")" "error too_large" "--max-file-size"

# Unreadable: root reads anything, so drop to an unprivileged user when we are root.
printf 'hostname secret\n' >"$WORK/unreadable.cfg"
chmod 000 "$WORK/unreadable.cfg"
# The binary and the good input are copied into the work dir (mode 755), since the
# checkout may sit under a directory that user cannot enter.
as_user=()
[ "$(id -u)" -eq 0 ] && as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
cp "$CFGSWEEP" "$WORK/cfgsweep-copy"
cp "$SOURCE_DIR/samples/configs/fw1.asa.cfg" "$WORK/fw1.asa.cfg"
chmod 755 "$WORK/cfgsweep-copy" && chmod 644 "$WORK/fw1.asa.cfg"
set +e
(cd "$WORK" && "${as_user[@]}" ./cfgsweep-copy parse unreadable.cfg fw1.asa.cfg) >"$WORK/out.jsonl" 2>"$WORK/err"
rc=$?
set -e
expect_eq "$rc" 2 "unreadable file fails the run"
expect_eq "$(jq -r 'select(.source|endswith("unreadable.cfg")) | .errors[0].code' "$WORK/out.jsonl")" \
  permission_denied "unreadable file reported"
expect_eq "$(jq -r 'select(.model.hostname=="fw1").status' "$WORK/out.jsonl")" ok "next input unaffected"
finish
