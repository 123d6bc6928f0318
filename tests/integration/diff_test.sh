#!/usr/bin/env bash
# cfgsweep diff between runs over different directories (dated backup folders): results
# match by device, a changed config shows its changed lines (secrets redacted), --fail-on
# gates on new findings, a run cut short is a warning.
source "$(dirname "$0")/lib.sh"
policy=$SOURCE_DIR/samples/policies/common.yaml
mkdir -p "$WORK/2026-11-30" "$WORK/2026-12-01"
cp "$SOURCE_DIR"/samples/configs/*.cfg "$WORK/2026-11-30/"
cp "$SOURCE_DIR"/samples/configs/*.cfg "$WORK/2026-12-01/"
today=$WORK/2026-12-01
sed -i '0,/^ntp server .*/s//ntp server 192.0.2.199/' "$today/branch-r1.ios.cfg"
echo "snmp-server community N1ghtlySecr3t RO" >>"$today/branch-r1.ios.cfg"
"$CFGSWEEP" check "$WORK/2026-11-30" --policy "$policy" -q -o "$WORK/monday.jsonl" || true
"$CFGSWEEP" check "$today" --policy "$policy" -q -o "$WORK/tuesday.jsonl" || true
expect_eq "$(jq -r .device "$WORK/tuesday.jsonl" | sort | paste -sd,)" \
  "access-sw1,branch-r1,core1,dc-leaf1,fw1,pe1" "each result names its device (the file name without extensions)"

run diff "$WORK/monday.jsonl" "$WORK/tuesday.jsonl"
expect_eq "$rc" 0 "diff exits 0 without --fail-on"
expect_eq "$(jq -c '.summary | [.added, .removed, .changed]' "$WORK/out.jsonl")" "[0,0,1]" \
  "two directories, one changed config: one changed device, none added or removed"
expect_eq "$(jq -r '.changed[0].device' "$WORK/out.jsonl")" "branch-r1" "the changed entry names its device"
diff_text=$(jq -r '.changed[0].diff' "$WORK/out.jsonl")
expect_match "$diff_text" $'\n-ntp server 192\\.0\\.2\\.10\n\\+ntp server 192\\.0\\.2\\.199\n' "the changed lines, as a unified diff"
expect_match "$diff_text" "\\+snmp-server community <redacted> RO" "a secret in the line diff is redacted"
[[ "$diff_text$(cat "$WORK/out.jsonl")" != *N1ghtlySecr3t* ]] && pass || fail "the secret is in no output"
expect_eq "$(jq -r '[.new_findings[] | .device] | unique | join(",")' "$WORK/out.jsonl")" "branch-r1" \
  "new findings name their device"
run diff "$WORK/monday.jsonl" "$WORK/tuesday.jsonl" --show-secrets
expect_match "$(jq -r '.changed[0].diff' "$WORK/out.jsonl")" "N1ghtlySecr3t" "--show-secrets shows it"
run diff "$WORK/monday.jsonl" "$WORK/tuesday.jsonl" --text
expect_match "$(cat "$WORK/out.jsonl")" $'changed  branch-r1\n.*-ntp server 192.0.2.10' "--text shows the changed lines"

# --fail-on: a new failing finding at or above the severity is exit 1.
worst=$(jq -r '[.new_findings[].severity] | map({"info":1,"low":2,"medium":3,"high":4,"critical":5}[.]) | max' \
  <("$CFGSWEEP" diff "$WORK/monday.jsonl" "$WORK/tuesday.jsonl"))
names=(none info low medium high critical)
run diff "$WORK/monday.jsonl" "$WORK/tuesday.jsonl" --fail-on "${names[$worst]}"
expect_eq "$rc" 1 "--fail-on the worst new finding's severity: exit 1"
if [ "$worst" -lt 5 ]; then
  run diff "$WORK/monday.jsonl" "$WORK/tuesday.jsonl" --fail-on "${names[$((worst + 1))]}"
  expect_eq "$rc" 0 "--fail-on above every new finding: exit 0"
fi
run diff "$WORK/tuesday.jsonl" "$WORK/tuesday.jsonl" --fail-on info
expect_eq "$rc" 0 "no new finding: exit 0"
run diff "$WORK/monday.jsonl" "$WORK/tuesday.jsonl" --fail-on severe
expect_eq "$rc" 64 "--fail-on takes a severity"

# A run killed while writing: its cut last line is a warning, the rest is compared.
head -c -40 "$WORK/tuesday.jsonl" >"$WORK/killed.jsonl"
run diff "$WORK/monday.jsonl" "$WORK/killed.jsonl"
expect_eq "$rc" 0 "a truncated last line is no failure"
expect_match "$(cat "$WORK/err")" "killed.jsonl:6: the last line is incomplete" "... but a warning naming it"
expect_eq "$(jq -r '.summary.removed' "$WORK/out.jsonl")" 1 "... and its device counts as not seen"
# A broken line that is not the last is still an error.
{ head -2 "$WORK/tuesday.jsonl"; echo '{"source": oops'; tail -1 "$WORK/tuesday.jsonl"; } >"$WORK/broken.jsonl"
run diff "$WORK/monday.jsonl" "$WORK/broken.jsonl"
expect_eq "$rc" 64 "a malformed line in the middle is an error"

# Results of an older cfgsweep (no "device") match by their file name; two results for one
# device are a warning; `run` results (source = device, member = command) keep one entry per
# command.
jq -c 'del(.device)' "$WORK/monday.jsonl" >"$WORK/old-format.jsonl"
run diff "$WORK/old-format.jsonl" "$WORK/tuesday.jsonl"
expect_eq "$(jq -c '.summary | [.added, .removed, .changed]' "$WORK/out.jsonl")" "[0,0,1]" \
  "results without a device field match by file name"
cat "$WORK/tuesday.jsonl" <(jq -c 'select(.device == "fw1") | .source = "elsewhere/fw1.cfg"' "$WORK/tuesday.jsonl") \
  >"$WORK/twice.jsonl"
run diff "$WORK/monday.jsonl" "$WORK/twice.jsonl"
expect_match "$(cat "$WORK/err")" "a second result for device 'fw1'" "two results for one device: a warning"
fetched() { printf '{"source":"edge1","member":"%s","device":"edge1","status":"ok","fingerprint":"%s"}\n' "$@"; }
{ fetched "show running-config" aaaa; fetched "show version" bbbb; } >"$WORK/run1.jsonl"
{ fetched "show running-config" aaaa; fetched "show version" cccc; } >"$WORK/run2.jsonl"
run diff "$WORK/run1.jsonl" "$WORK/run2.jsonl"
expect_eq "$(jq -c '[.summary.changed, .changed[0].member]' "$WORK/out.jsonl")" '[1,"show version"]' \
  "fetched results: one entry per device and command"

# Noise that is not change: lines that differ on every fetch leave the fingerprint alone.
mkdir -p "$WORK/noise-a" "$WORK/noise-b"
printf '! Last configuration change at 10:00:00 UTC Mon Nov 30 2026\n! exported by backup job 17\nhostname n1\nntp clock-period 17179869\ninterface Gi0/1\n' \
  >"$WORK/noise-a/n1.cfg"
printf '! Last configuration change at 02:00:00 UTC Tue Dec 1 2026\n! exported by backup job 18\nhostname n1\nntp clock-period 17179870\ninterface Gi0/1\n' \
  >"$WORK/noise-b/n1.cfg"
for night in a b; do "$CFGSWEEP" parse "$WORK/noise-$night" -q -o "$WORK/noise-$night.jsonl"; done
run diff "$WORK/noise-a.jsonl" "$WORK/noise-b.jsonl"
expect_eq "$(jq -c '.summary.changed' "$WORK/out.jsonl")" 1 "a line of the user's own tool still counts as a change"
for night in a b; do
  "$CFGSWEEP" parse "$WORK/noise-$night" -q -o "$WORK/noise-$night.jsonl" --ignore-lines '^! exported by '
done
run diff "$WORK/noise-a.jsonl" "$WORK/noise-b.jsonl"
expect_eq "$(jq -c '.summary.changed' "$WORK/out.jsonl")" 0 \
  "timestamps, ntp clock-period and --ignore-lines: no change"
cmp -s "$WORK/noise-a/n1.cfg" "$WORK/noise-b/n1.cfg" && fail "the files differ" || pass
echo " shutdown" >>"$WORK/noise-b/n1.cfg"
"$CFGSWEEP" parse "$WORK/noise-b" -q -o "$WORK/noise-b.jsonl" --ignore-lines '^! exported by '
run diff "$WORK/noise-a.jsonl" "$WORK/noise-b.jsonl" --ignore-lines '^! exported by '
expect_eq "$(jq -r '.changed[0].diff' "$WORK/out.jsonl" | grep -E '^[-+][^-+]' | paste -sd,)" "+ shutdown" \
  "a real change beside volatile ones: the line diff shows only the real one"
run parse "$WORK/noise-a" --ignore-lines '(unclosed'
expect_eq "$rc" 64 "--ignore-lines takes an RE2 pattern"
run parse "$WORK/noise-a" $(for i in $(seq 300); do printf -- "--ignore-lines pattern-number-%05d " "$i"; done)
expect_match "$rc $(cat "$WORK/err")" "^64 .*--ignore-lines: the patterns take" "patterns that do not fit are refused, not cut"

# diff shows the lines of a file only as the run read it: a source that is not the config
# of that fingerprint (a crafted line naming another file, a file changed since) shows none.
printf 'marker-secret-line\n' >"$WORK/private.txt"
forged() { printf '{"source":"%s","device":"x","status":"ok","fingerprint":"%s"}\n' "$@"; }
forged "$WORK/private.txt" 0000000000000001 >"$WORK/f1.jsonl"
forged "$WORK/noise-b/n1.cfg" 0000000000000002 >"$WORK/f2.jsonl"
run diff "$WORK/f1.jsonl" "$WORK/f2.jsonl" --show-secrets
expect_eq "$(jq -c '[.summary.changed, .changed[0].diff]' "$WORK/out.jsonl")" "[1,null]" \
  "a crafted result naming another file: no lines shown"
[[ "$(cat "$WORK/out.jsonl")" != *marker-secret-line* ]] && pass || fail "the other file's content is in no output"
cp "$WORK/noise-b/n1.cfg" "$WORK/n1-monday.cfg"
"$CFGSWEEP" parse "$WORK/n1-monday.cfg" -q -o "$WORK/m1.jsonl"
echo "hostname changed-after-the-run" >>"$WORK/n1-monday.cfg"
run diff "$WORK/m1.jsonl" "$WORK/noise-b.jsonl"
expect_eq "$(jq -c '.changed[0].diff' "$WORK/out.jsonl")" "null" "a file changed since its run: no lines shown"
# Text of no known format is not shown without --show-secrets: no secret table covers it.
mkdir -p "$WORK/u1" "$WORK/u2"
printf 'admin_password=Hunter2Secret\nname=a\n' >"$WORK/u1/app.cfg"
printf 'admin_password=Hunter2Secret\nname=b\n' >"$WORK/u2/app.cfg"
for n in 1 2; do "$CFGSWEEP" parse "$WORK/u$n" -q -o "$WORK/u$n.jsonl" || true; done
run diff "$WORK/u1.jsonl" "$WORK/u2.jsonl"
[[ "$(cat "$WORK/out.jsonl")" != *Hunter2Secret* ]] && pass || fail "an unknown format's secret is in no output"
finish
