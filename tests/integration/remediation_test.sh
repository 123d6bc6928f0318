#!/usr/bin/env bash
# cfgsweep remediate: per platform, the commands from running to intended and back, as
# written in tests/data/remediation/ from the vendors' documentation; verification; drivers;
# secrets; errors; and a property test on generated edits of real and synthetic configs.
source "$(dirname "$0")/lib.sh"
data=$SOURCE_DIR/tests/data/remediation

for platform in ios nxos eos iosxr asa junos vyos fortios; do
  running=$(ls "$data/$platform"/running.*)
  intended=$(ls "$data/$platform"/intended.*)
  run remediate --running "$running" --intended "$intended" --platform "$platform" --text
  expect_eq "$rc" 0 "$platform: exit 0"
  expect_eq "$(cat "$WORK/out.jsonl")" "$(cat "$data/$platform/expected.txt")" "$platform: the remediation"
  run remediate --running "$running" --intended "$intended" --platform "$platform" --text --rollback
  expect_eq "$(sed -n '/^! running rollback$/,$p' "$WORK/out.jsonl" | tail -n +2)" \
    "$(tail -n +2 "$data/$platform/rollback.txt")" "$platform: the rollback"
  run remediate --running "$running" --intended "$running" --platform "$platform"
  expect_eq "$(jq -c '[.status, (.commands | length)]' "$WORK/out.jsonl")" '["ok",0]' \
    "$platform: a config remediated to itself gives nothing"
done

# Junos in its three forms is one config: set, brace and XML remediate to each other with nothing.
for form in junos.conf junos.xml; do
  run remediate --running "$SOURCE_DIR/samples/configs/edge1.$form" --intended "$SOURCE_DIR/samples/configs/edge1.junos-set.txt"
  expect_eq "$(jq -c '[.platform, .status, (.commands | length)]' "$WORK/out.jsonl")" '["junos","ok",0]' \
    "Junos $form against its set form: no command"
done
sed 's/^set system host-name edge1$/set system host-name edge1-new/' "$SOURCE_DIR/samples/configs/edge1.junos-set.txt" >"$WORK/edge1-new.set"
run remediate --running "$SOURCE_DIR/samples/configs/edge1.junos.xml" --intended "$WORK/edge1-new.set"
expect_eq "$(jq -c '[.commands[].command]' "$WORK/out.jsonl")" '["set system host-name edge1-new"]' \
  "an XML running config remediated to a set intended one"

# The platform comes from the running config's vendor when not given.
run remediate --running "$data/nxos/running.cfg" --intended "$data/nxos/intended.cfg"
expect_eq "$(jq -r '[.platform, .status, .verified] | join(" ")' "$WORK/out.jsonl")" "nxos ok true" \
  "the platform from the running config's vendor, and verified"
run remediate --running "$data/ios/running.cfg" --intended "$data/ios/intended.cfg" --platform ios --rollback
expect_eq "$(jq -c '.commands[] | select(.command == "hostname r1-new") | [.action, .running_line, .intended_line]' "$WORK/out.jsonl")" \
  '["replace",4,4]' "a one-per-key line is replaced, with the lines it comes from"
expect_eq "$(jq -c '[.commands[] | select(.command | test("^no (hostname|description)"))] | length' "$WORK/out.jsonl")" 0 \
  "one-per-key lines are never negated first"
expect_eq "$(jq -c '[.commands[] | select(.command == "no interface GigabitEthernet0/2")] | length' "$WORK/out.jsonl")" 1 \
  "a section that disappears is negated once"
expect_eq "$(jq -c '[.commands[] | select(.context == ["interface GigabitEthernet0/2"])] | length' "$WORK/out.jsonl")" 0 \
  "... never its lines one by one"
expect_eq "$(jq -c '.rollback | length > 0' "$WORK/out.jsonl")" true "--rollback adds the commands back"

# --out DIR: a file per device, private.
run remediate --running "$data/eos/running.cfg" --intended "$data/eos/intended.cfg" --rollback --out "$WORK/changes"
expect_eq "$(ls "$WORK/changes" | tr '\n' ' ')" "running.rollback.txt running.txt " "--out: the device's files"
expect_eq "$(stat -c %a "$WORK/changes/running.txt")" 600 "--out files are private"
expect_eq "$(cat "$WORK/changes/running.txt")" "$(tail -n +2 "$data/eos/expected.txt")" "--out: the commands as pasted"

# Pairs by device name across directories; a device on one side only is an error result.
mkdir -p "$WORK/run" "$WORK/want"
cp "$data/ios/running.cfg" "$WORK/run/r1.cfg"; cp "$data/ios/intended.cfg" "$WORK/want/r1.ios.cfg"
cp "$data/eos/running.cfg" "$WORK/run/spine1.cfg"; cp "$data/eos/intended.cfg" "$WORK/want/spine1.cfg"
cp "$data/nxos/running.cfg" "$WORK/run/leaf1.cfg"
run remediate --running "$WORK/run" --intended "$WORK/want"
expect_eq "$rc" 2 "a device without its intended config: exit 2"
expect_eq "$(jq -r '[.device, .status] | join(":")' "$WORK/out.jsonl" | tr '\n' ' ')" "leaf1:error r1:ok spine1:ok " \
  "paired by device name; the unpaired one is an error result"
expect_match "$(jq -r 'select(.device == "leaf1") | .errors[0].message' "$WORK/out.jsonl")" "no intended config for device 'leaf1'" \
  "... that says why"

# Archives: each member is a config, named by the member's file name.
mkdir -p "$WORK/arc/site"
cp "$WORK/run/r1.cfg" "$WORK/run/spine1.cfg" "$WORK/arc/site/"
tar -C "$WORK/arc" -czf "$WORK/running.tar.gz" site
run remediate --running "$WORK/running.tar.gz" --intended "$WORK/want"
expect_eq "$(jq -r '[.device, .running, .status] | join(" ")' "$WORK/out.jsonl" | tr '\n' ',')" \
  "r1 $WORK/running.tar.gz:site/r1.cfg ok,spine1 $WORK/running.tar.gz:site/spine1.cfg ok," \
  "an archive's members, paired by their names"
expect_eq "$(jq -c '[.commands[].command]' "$WORK/out.jsonl" | head -1)" \
  "$("$CFGSWEEP" remediate --running "$WORK/run/r1.cfg" --intended "$WORK/want/r1.ios.cfg" | jq -c '[.commands[].command]')" \
  "... with the remediation of the same files"

# Secrets: redacted unless --show-secrets.
printf 'hostname s1\nusername ops privilege 15 secret 9 $9$oldOLDold$abc\n' >"$WORK/s-run.cfg"
printf 'hostname s1\nusername ops privilege 15 secret 9 $9$NEWnewNEW$xyz\nsnmp-server community C0mmun1ty RO\n' >"$WORK/s-want.cfg"
run remediate --running "$WORK/s-run.cfg" --intended "$WORK/s-want.cfg" --platform ios --text
[[ "$(cat "$WORK/out.jsonl")" != *NEWnewNEW* && "$(cat "$WORK/out.jsonl")" != *C0mmun1ty* ]] && pass ||
  fail "secrets are redacted in the commands"
expect_match "$(cat "$WORK/out.jsonl")" "snmp-server community <redacted> RO" "... with the words around them"
run remediate --running "$WORK/s-run.cfg" --intended "$WORK/s-want.cfg" --platform ios --text --show-secrets
expect_match "$(cat "$WORK/out.jsonl")" 'username ops privilege 15 secret 9 \$9\$NEWnewNEW\$xyz' "--show-secrets: pasteable"

# A remediation that would not converge is an error, never a silent wrong list: here a
# driver whose negation over-matches (`no ntp` would remove the NTP server kept as well).
printf 'hostname a\nntp server 192.0.2.1\nntp server 192.0.2.2\n' >"$WORK/c-run.cfg"
printf 'hostname a\nntp server 192.0.2.2\n' >"$WORK/c-want.cfg"
cat >"$WORK/overmatch.yaml" <<'DRIVER'
base: ios
negate_with:
  - {match: '^(ntp) .*', use: 'no \1'}
DRIVER
run remediate --running "$WORK/c-run.cfg" --intended "$WORK/c-want.cfg" --driver "$WORK/overmatch.yaml"
expect_eq "$rc" 2 "not converging: exit 2"
expect_match "$(jq -r '.errors[0].message' "$WORK/out.jsonl")" "would not converge: after it, 'ntp server 192.0.2.2' is missing" \
  "... and says where it stops"
run remediate --running "$WORK/c-run.cfg" --intended "$WORK/c-want.cfg" --platform ios
expect_eq "$(jq -c '[.status, [.commands[].command]]' "$WORK/out.jsonl")" '["ok",["no ntp server 192.0.2.1"]]' \
  "the built-in driver removes only that server"

# ... and the lines it quotes keep their secrets redacted.
printf 'hostname a\nusername ops secret 9 $9$K33pOut$x\nusername dev secret 9 $9$Sec0nd$y\n' >"$WORK/k-run.cfg"
printf 'hostname a\nusername ops secret 9 $9$K33pOut$x\n' >"$WORK/k-want.cfg"
printf 'base: ios\nnegate_with:\n  - {match: "^(username) .*", use: "no \\\\1"}\n' >"$WORK/users.yaml"
run remediate --running "$WORK/k-run.cfg" --intended "$WORK/k-want.cfg" --driver "$WORK/users.yaml"
expect_match "$(jq -r '.errors[0].message' "$WORK/out.jsonl")" "'username ops secret [^']*<redacted>[^']*' is missing" \
  "not converging: the quoted line's secret is redacted"
[[ "$(cat "$WORK/out.jsonl")" != *K33pOut* ]] && pass || fail "no secret in the error result"

# Drivers: a file based on a built-in one changes the result; mistakes are usage errors.
printf 'base: ios\nidempotent:\n  - "^(ntp server) "\n' >"$WORK/ntp.yaml"
run remediate --running "$data/ios/running.cfg" --intended "$data/ios/intended.cfg" --driver "$WORK/ntp.yaml"
expect_eq "$(jq -c '[.commands[] | select(.command | test("ntp server")) | [.command, .action]]' "$WORK/out.jsonl")" \
  '[["ntp server 192.0.2.11","replace"]]' "--driver: ntp server one-per-key, replaced"
printf 'base: ios\nidempotent:\n  - "^(ntp server"\nfamily: banana\n' >"$WORK/bad.yaml"
run remediate --running "$data/ios/running.cfg" --intended "$data/ios/intended.cfg" --driver "$WORK/bad.yaml"
expect_eq "$rc" 64 "a bad driver: exit 64"
expect_match "$(cat "$WORK/err")" "bad.yaml:3:5: '\\^\\(ntp server' is not an RE2 pattern" "... with file, line and column"
expect_match "$(cat "$WORK/err")" "bad.yaml:4:9: family is one of: cli, set, fortios" "... every mistake"
run remediate --running "$data/ios/running.cfg" --intended "$data/ios/intended.cfg" --platform banana
expect_eq "$rc" 64 "an unknown platform: exit 64"
run remediate --running "$WORK/nothing" --intended "$WORK/want"
expect_eq "$rc" 66 "no such path: exit 66"

# check --remediation: a failed intended-config rule carries the commands that fix it, in
# the JSON Lines and in the HTML report.
cat >"$WORK/intended-policy.yaml" <<'POLICY'
rules:
  - id: vty-as-intended
    severity: high
    message: VTY lines as the standard says
    intended:
      scope: '^line vty'
      lines: |
        exec-timeout 10 0
        transport input ssh
  - id: ntp-as-intended
    severity: medium
    message: The NTP servers
    intended:
      lines: ['ntp server 10.0.0.1', 'ntp server 10.0.0.2']
      extra: false
POLICY
printf 'version 15.2\nboot-start-marker\nhostname r9\nntp server 10.0.0.1\nline vty 0 4\n exec-timeout 5 0\n transport input telnet ssh\n access-class 10 in\nend\n' >"$WORK/r9.cfg"
run check "$WORK/r9.cfg" --policy "$WORK/intended-policy.yaml" --remediation --report "html=$WORK/r9.html" -q
expect_eq "$(jq -c '.findings[] | select(.rule == "vty-as-intended") | .commands' "$WORK/out.jsonl")" \
  '["line vty 0 4"," exec-timeout 10 0"," transport input ssh"," no access-class 10 in","exit"]' \
  "check --remediation: the section entered, values replaced, the extra line negated"
expect_eq "$(jq -c '.findings[] | select(.rule == "ntp-as-intended") | .commands' "$WORK/out.jsonl")" \
  '["ntp server 10.0.0.2"]' "... the missing top-level line added (extra: false negates nothing)"
expect_match "$(cat "$WORK/r9.html")" '"commands":\["line vty 0 4"' "the HTML report carries them"
run check "$WORK/r9.cfg" --policy "$WORK/intended-policy.yaml" -q
expect_eq "$(jq -c '[.findings[] | has("commands")] | any' "$WORK/out.jsonl")" false "without --remediation: no commands"

# Property test: generated edits (lines removed and added, values changed, sections added
# and removed). Synthetic IOS configs always; every IOS-family, Junos/VyOS set and FortiOS
# file of the shared corpus when it is there. Each remediation and its rollback must verify.
"$SYNTH" small "$WORK/syn" 60 8192 >/dev/null
mkdir -p "$WORK/p-run" "$WORK/p-want"
: >"$WORK/edits.tsv"
for f in "$WORK"/syn/*; do
  cp "$f" "$WORK/p-run/"
  printf '%s\t%s\n' "$f" "$WORK/p-want/$(basename "$f")" >>"$WORK/edits.tsv"
done
/usr/bin/python3 "$SOURCE_DIR/tests/tools/config_edits.py" 11 "$WORK/edits.tsv"
run remediate --running "$WORK/p-run" --intended "$WORK/p-want" --rollback --platform ios
expect_eq "$(jq -r .status "$WORK/out.jsonl" | sort | uniq -c | xargs)" "60 ok" \
  "60 synthetic configs with generated edits: every remediation and rollback verifies"
expect_eq "$(jq -s '[.[].commands | length] | min > 0' "$WORK/out.jsonl")" true "... and each has commands"

corpus=${CFGSWEEP_CORPUS:-$SOURCE_DIR/../shared/corpus}
if [ -d "$corpus" ]; then
  { "$CFGSWEEP" parse "$corpus" --ordered -q 2>/dev/null || true; } |
    jq -r 'select(.status == "ok" and .lines >= 5 and (.format == "ios" or .format == "set" or .format == "fortios")
             and (.vendor // "" | test("^(cisco_(ios|iosxe|nxos|iosxr|asa)|arista_eos|juniper_junos|vyos|fortinet_fortios)$")))
           | [.vendor, .source] | @tsv' >"$WORK/corpus.tsv"
  : >"$WORK/c-edits.tsv"
  n=0
  while IFS=$'\t' read -r vendor source; do
    n=$((n + 1))
    mkdir -p "$WORK/c/$vendor/run" "$WORK/c/$vendor/want"
    cp "$source" "$WORK/c/$vendor/run/c$n.cfg"
    printf '%s\t%s\n' "$source" "$WORK/c/$vendor/want/c$n.cfg" >>"$WORK/c-edits.tsv"
  done <"$WORK/corpus.tsv"
  /usr/bin/python3 "$SOURCE_DIR/tests/tools/config_edits.py" 7 "$WORK/c-edits.tsv"
  : >"$WORK/c-all.jsonl"
  : >"$WORK/c-self.jsonl"
  for d in "$WORK"/c/*/; do
    "$CFGSWEEP" remediate --running "$d/run" --intended "$d/want" --rollback >>"$WORK/c-all.jsonl" || true
    "$CFGSWEEP" remediate --running "$d/run" --intended "$d/run" >>"$WORK/c-self.jsonl" || true
  done
  total=$(wc -l <"$WORK/c-all.jsonl")
  ok=$(jq -r 'select(.status == "ok") | .device' "$WORK/c-all.jsonl" | wc -l)
  echo "remediation property test: $ok of $total corpus configs with generated edits verified"
  expect_eq "$total" "$n" "corpus: one result per config ($n)"
  if all_lines_json "$WORK/c-all.jsonl"; then pass; else fail "corpus: every result is a JSON line"; fi
  expect_eq "$(( ok * 100 >= total * 95 ))" 1 "corpus: at least 95% of the edited configs verify ($ok of $total; the rest are error results, never wrong lists)"
  expect_eq "$(jq -s '[.[] | select(.status == "ok" and (.commands | length) > 0)] | length' "$WORK/c-self.jsonl")" 0 \
    "corpus: no config remediated to itself gives a command"
fi
finish
