#!/usr/bin/env bash
# cfgsweep check: findings with their lines in each result, --fail-on and the exit codes,
# policy errors before any work, secrets kept out of findings.
source "$(dirname "$0")/lib.sh"
samples=$SOURCE_DIR/samples/configs
mkdir -p "$WORK/configs"
cp "$samples/branch-r1.ios.cfg" "$samples/access-sw1.iosxe.cfg" "$samples/edge1.junos.conf" "$WORK/configs/"
cat >"$WORK/policy.yaml" <<'POLICY'
lists:
  approved_ntp: [10.0.0.1, 10.0.0.2, 192.0.2.123, 192.0.2.124]
rules:
  - id: no-http-server
    severity: high
    message: The HTTP server must be off
    applies_to: {vendor: [cisco_ios, cisco_iosxe]}
    forbid: '^ip http server'
    remediation: no ip http server
  - id: password-encryption
    severity: medium
    message: Passwords are stored encrypted
    applies_to: {vendor: [cisco_ios, cisco_iosxe]}
    require: '^service password-encryption'
  - id: ntp-approved
    severity: low
    message: Only approved NTP servers
    model: {all: ntp_servers, field: address, in: approved_ntp}
  - id: hostname
    severity: info
    message: The device names itself
    model: {field: hostname, exists: true}
POLICY
finding() {  # finding FILE RULE -> "status lines"
  jq -r "select(.source | endswith(\"/$1\")) | .findings[] | select(.rule == \"$2\") | .status + \" \" + (.lines | map(tostring) | join(\",\"))" "$WORK/out.jsonl"
}

run check "$WORK/configs" --policy "$WORK/policy.yaml" --jobs 2 --fail-on info
expect_eq "$rc" 1 "findings at or above --fail-on: exit 1"
expect_eq "$(wc -l <"$WORK/out.jsonl")" 3 "one result per config"
expect_eq "$(finding access-sw1.iosxe.cfg password-encryption)" "fail " "require: fails with no line"
expect_eq "$(finding branch-r1.ios.cfg password-encryption)" \
  "pass $(grep -n '^service password-encryption' "$samples/branch-r1.ios.cfg" | cut -d: -f1)" "require: the line that satisfies it"
expect_eq "$(finding edge1.junos.conf no-http-server)" "not_applicable " "applies_to: other vendors"
expect_eq "$(finding branch-r1.ios.cfg hostname)" "pass " "model rule passes"
expect_eq "$(jq -r 'select(.source | endswith("branch-r1.ios.cfg")) | .compliance | [.pass, .fail, .not_applicable] | @tsv' "$WORK/out.jsonl")" \
  "$(printf '%s\t%s\t%s' "$(jq -r 'select(.source | endswith("branch-r1.ios.cfg")) | [.findings[] | select(.status == "pass")] | length' "$WORK/out.jsonl")" \
     "$(jq -r 'select(.source | endswith("branch-r1.ios.cfg")) | [.findings[] | select(.status == "fail")] | length' "$WORK/out.jsonl")" \
     "$(jq -r 'select(.source | endswith("branch-r1.ios.cfg")) | [.findings[] | select(.status == "not_applicable")] | length' "$WORK/out.jsonl")")" \
  "compliance counts equal the findings"
worst=$(jq -r '.compliance.worst // empty' "$WORK/out.jsonl" | sort -u | tr '\n' ' ')

# --fail-on: the worst failed rule decides exit 1 or 0.
for level in info low medium high critical; do
  run check "$WORK/configs" --policy "$WORK/policy.yaml" --jobs 2 --fail-on "$level"
  codes+="$level=$rc "
done
expected=""
for level in info low medium high critical; do
  case "$level" in
    info) n=1 ;; low) n=2 ;; medium) n=3 ;; high) n=4 ;; critical) n=5 ;;
  esac
  exit_code=0
  for w in $worst; do
    case "$w" in info) m=1 ;; low) m=2 ;; medium) m=3 ;; high) m=4 ;; critical) m=5 ;; esac
    [ "$m" -ge "$n" ] && exit_code=1
  done
  expected+="$level=$exit_code "
done
expect_eq "$codes" "$expected" "--fail-on levels against the worst failures ($worst)"
expect_match "$codes" "critical=0" "no critical rule failed: compliant at --fail-on critical"

# A compliant config exits 0; a config that cannot be parsed makes 2, findings or not.
printf 'hostname ok1\nservice password-encryption\nntp server 10.0.0.1\n' >"$WORK/ok.cfg"
run check "$WORK/ok.cfg" --policy "$WORK/policy.yaml"
expect_eq "$rc" 0 "compliant: exit 0"
printf '\0\0' >"$WORK/configs/binary.cfg"
run check "$WORK/configs" --policy "$WORK/policy.yaml" --fail-on info
expect_eq "$rc" 2 "an input that failed to parse: exit 2, before findings"

# Secrets stay out of findings unless --show-secrets.
cat >"$WORK/snmp.yaml" <<'POLICY'
rules:
  - {id: no-public, severity: critical, message: m, forbid: '^snmp-server community public'}
  - {id: no-default-community, severity: critical, message: m,
     model: {none: snmp.communities, field: name, in: [public, private]}}
POLICY
printf 'hostname s1\nsnmp-server community public RO\n' >"$WORK/snmp.cfg"
run check "$WORK/snmp.cfg" --policy "$WORK/snmp.yaml"
expect_eq "$rc" 1 "a critical finding: exit 1 at the default --fail-on low"
expect_eq "$(jq -r '[.findings[] | .status + ":" + (.lines | map(tostring) | join(","))] | join(" ")' "$WORK/out.jsonl")" \
  "fail:2 fail:2" "both rules find the default community on line 2"
expect_eq "$(grep -Ec '"public"|community public' "$WORK/out.jsonl" || true)" 0 "the community name is in no output"
run check "$WORK/snmp.cfg" --policy "$WORK/snmp.yaml" --show-secrets
expect_eq "$(jq -r '.findings[1].evidence[0].text' "$WORK/out.jsonl")" public "--show-secrets shows it"
# Evidence pieces are objects, each with its own line (null for a count): in step.
run check "$SOURCE_DIR/samples/configs/branch-r1.ios.cfg" --policy "$SOURCE_DIR/samples/policies/common.yaml"
expect_eq "$(jq -c '[.findings[].evidence[] | (.line | type) + ":" + (.text | type)] | unique' "$WORK/out.jsonl")" \
  '["null:string","number:string"]' "evidence: {line, text} objects; line null where a piece has none"
expect_eq "$(jq -c '[.findings[] | select(.rule == "ntp-approved") | .evidence[] | [.line, .text]]' "$WORK/out.jsonl")" \
  '[[50,"192.0.2.10"],[51,"192.0.2.11"]]' "each piece of evidence carries its line"

# The sample baseline: at least 30 rules; the three Junos forms of one config are judged
# alike; the IOS branch router's failures, exactly.
run check "$samples" --policy "$SOURCE_DIR/samples/policies/baseline.yaml" --jobs 2
expect_eq "$rc" 1 "baseline over the samples: findings"
rules=$(jq -r '.findings | length' "$WORK/out.jsonl" | sort -u)
expect_eq "$([ "$rules" -ge 30 ] && echo yes)" yes "the baseline has at least 30 rules ($rules)"
statuses() { jq -r "select(.source | endswith(\"/$1\")) | [.findings[] | .rule + \"=\" + .status] | join(\" \")" "$WORK/out.jsonl"; }
expect_eq "$(statuses edge1.junos-set.txt)" "$(statuses edge1.junos.conf)" "Junos set form: the same findings as braces"
expect_eq "$(statuses edge1.junos.xml)" "$(statuses edge1.junos.conf)" "Junos XML form: the same findings as braces"
expect_eq "$(jq -r 'select(.source | endswith("/branch-r1.ios.cfg")) | [.findings[] | select(.status == "fail") | .rule] | join(" ")' "$WORK/out.jsonl")" \
  "ntp-approved syslog-host aaa-servers dns-servers ios-enable-secret ios-bgp-passwords ios-no-source-route ios-tcp-keepalives" \
  "branch router: the failed rules"

# Reports: a JSON summary, CSV, JUnit XML and SARIF, each agreeing with the JSON Lines.
mkdir -p "$WORK/reports"
run check "$samples" --policy "$SOURCE_DIR/samples/policies/baseline.yaml" --jobs 2 \
  --report "json=$WORK/reports/summary.json" --report "csv=$WORK/reports/findings.csv" \
  --report "junit=$WORK/reports/junit.xml" --report "sarif=$WORK/reports/findings.sarif"
count_of() { jq -s "[.[].findings[] | select(.status == \"$1\")] | length" "$WORK/out.jsonl"; }
fails=$(count_of fail)
findings=$(jq -s '[.[].findings[]] | length' "$WORK/out.jsonl")
expect_eq "$(jq .configs "$WORK/reports/summary.json")" "$(wc -l <"$WORK/out.jsonl")" "summary: every config"
expect_eq "$(jq '[.rules[].fail] | add' "$WORK/reports/summary.json")" "$fails" "summary: failures by rule add up to the results'"
expect_eq "$(jq '[.failed_rules_by_severity[]] | add' "$WORK/reports/summary.json")" "$fails" "summary: failures by severity add up"
expect_eq "$(jq -r '.rules[] | select(.rule == "ios-no-http-server") | .fail' "$WORK/reports/summary.json")" \
  "$(jq -s '[.[].findings[] | select(.rule == "ios-no-http-server" and .status == "fail")] | length' "$WORK/out.jsonl")" \
  "summary: one rule's failures"
expect_eq "$(($(wc -l <"$WORK/reports/findings.csv") - 1))" "$findings" "CSV: one row per config and rule"
expect_eq "$(grep -c ',fail,' "$WORK/reports/findings.csv")" "$fails" "CSV: the failed rows"
# CSV: a cell from a file name, vendor text or message that starts like a formula is text.
mkdir -p "$WORK/formula"
for name in '=HYPERLINK("http:198.51.100.1","y").cfg' '@SUM(1+1).cfg' '+1+1.cfg' '-2+3.cfg'; do
  printf 'hostname f1\n' >"$WORK/formula/$name"
done
printf 'rules:\n  - {id: h, severity: low, message: "=1+1", require: "^hostname"}\n' >"$WORK/formula.yaml"
(cd "$WORK/formula" && "$CFGSWEEP" check -q --policy "$WORK/formula.yaml" --report "csv=$WORK/formula.csv" -- * \
  >/dev/null) || true
expect_eq "$(/usr/bin/python3 -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))[1:]
print(len(rows), sum(1 for r in rows for c in r if c and c[0] in "=+-@\t\r"))' "$WORK/formula.csv")" "4 0" \
  "CSV: no cell starts like a formula"
expect_match "$(cat "$WORK/formula.csv")" "\"'=HYPERLINK" "CSV: ... a quote goes before it"
if xmllint --noout "$WORK/reports/junit.xml" 2>/dev/null; then pass; else fail "JUnit: well-formed XML"; fi
expect_eq "$(xmllint --xpath 'count(//testsuite)' "$WORK/reports/junit.xml")" "$(wc -l <"$WORK/out.jsonl")" "JUnit: one testsuite per config"
expect_eq "$(xmllint --xpath 'count(//testcase)' "$WORK/reports/junit.xml")" "$findings" "JUnit: one testcase per rule and config"
expect_eq "$(xmllint --xpath 'count(//testcase/failure)' "$WORK/reports/junit.xml")" "$fails" "JUnit: the failures"
expect_eq "$(xmllint --xpath 'string(/testsuites/@failures)' "$WORK/reports/junit.xml")" "$fails" "JUnit: the failure count"
expect_eq "$(jq -r '.version' "$WORK/reports/findings.sarif")" "2.1.0" "SARIF 2.1.0"
expect_eq "$(jq '.runs[0].results | length' "$WORK/reports/findings.sarif")" "$fails" "SARIF: one result per failed finding"
expect_eq "$(jq '.runs[0] as $r | [$r.results[] | select($r.tool.driver.rules[.ruleIndex].id != .ruleId)] | length' "$WORK/reports/findings.sarif")" 0 \
  "SARIF: every ruleIndex names its ruleId"
expect_eq "$(jq -r '.runs[0].results[] | select(.ruleId == "ios-bgp-passwords") | .locations[0].physicalLocation | .artifactLocation.uri + ":" + (.region.startLine | tostring)' "$WORK/reports/findings.sarif")" \
  "$samples/branch-r1.ios.cfg:$(jq -r 'select(.source | endswith("/branch-r1.ios.cfg")) | .findings[] | select(.rule == "ios-bgp-passwords") | .lines[0]' "$WORK/out.jsonl")" \
  "SARIF: the location of a finding"
run check "$samples" --policy "$SOURCE_DIR/samples/policies/baseline.yaml" --report "pdf=$WORK/x.pdf"
expect_eq "$rc" 64 "an unknown report format: exit 64"
run check "$samples" --policy "$SOURCE_DIR/samples/policies/baseline.yaml" --report "json=/nonexistent/dir/s.json"
expect_eq "$rc" 74 "an unwritable report: exit 74"

# cfgsweep diff: between two nightly runs, a config changed (a new finding, one fixed), one
# was added, one removed, one fails to parse now.
mkdir -p "$WORK/night"
cp "$samples/branch-r1.ios.cfg" "$samples/access-sw1.iosxe.cfg" "$samples/core1.eos.cfg" "$samples/pe1.iosxr.cfg" "$WORK/night/"
run check "$WORK/night" --policy "$SOURCE_DIR/samples/policies/baseline.yaml" -q
mv "$WORK/out.jsonl" "$WORK/monday.jsonl"
echo "ip http server" >>"$WORK/night/branch-r1.ios.cfg"
printf 'ntp server 10.0.0.1\nntp server 10.0.0.2\n' >>"$WORK/night/core1.eos.cfg"
rm "$WORK/night/access-sw1.iosxe.cfg"
cp "$samples/dc-leaf1.nxos.cfg" "$WORK/night/"
printf '\0' >"$WORK/night/pe1.iosxr.cfg"
run check "$WORK/night" --policy "$SOURCE_DIR/samples/policies/baseline.yaml" -q
mv "$WORK/out.jsonl" "$WORK/tuesday.jsonl"
run diff "$WORK/monday.jsonl" "$WORK/tuesday.jsonl"
expect_eq "$rc" 0 "diff: exit 0"
expect_eq "$(jq -r '.summary | type' "$WORK/out.jsonl")" object "diff: JSON with a summary"
expect_eq "$(jq -r '[.summary.added, .summary.removed, .summary.changed, .summary.newly_failing] | map(tostring) | join(" ")' "$WORK/out.jsonl")" \
  "1 1 3 1" "diff: added, removed, changed (fingerprints), newly failing"
expect_eq "$(jq -r '.new_findings[] | select(.source | endswith("/branch-r1.ios.cfg")) | .rule + " " + .severity' "$WORK/out.jsonl")" \
  "ios-no-http-server high" "diff: the new finding of a changed config"
expect_eq "$(jq -r '.fixed_findings[] | select(.source | endswith("/core1.eos.cfg")) | .rule' "$WORK/out.jsonl")" \
  "ntp-two-servers" "diff: the fixed finding"
expect_eq "$(jq -r '.removed[0].source' "$WORK/out.jsonl")" "$WORK/night/access-sw1.iosxe.cfg" "diff: the removed config"
run diff "$WORK/monday.jsonl" "$WORK/tuesday.jsonl" --text
expect_match "$(head -1 "$WORK/out.jsonl")" "^[0-9]+ new findings, 1 fixed; 3 configs changed, 1 added, 1 removed, 1 newly failing to parse, 0 recovered$" "diff --text: the summary line"
expect_match "$(cat "$WORK/out.jsonl")" "new    high     ios-no-http-server  branch-r1" "diff --text: a new finding, by device"
run diff "$WORK/monday.jsonl" "$WORK/monday.jsonl"
expect_eq "$(jq -c '[.summary[]] | add' "$WORK/out.jsonl")" 0 "diff of a run with itself: nothing"
echo 'not json' >"$WORK/garbage.jsonl"
run diff "$WORK/monday.jsonl" "$WORK/garbage.jsonl"
expect_eq "$rc $(cat "$WORK/err")" "64 cfgsweep diff: $WORK/garbage.jsonl:1: not a cfgsweep result (a JSON object with source and status)" "diff: not JSON Lines"
run diff "$WORK/monday.jsonl" "$WORK/none.jsonl"
expect_eq "$rc" 66 "diff: a missing file"

# scripts/nightly-example: two nights in a row on one run store, the second compares itself
# with the first, the exit code is cfgsweep's; a broken run leaves the last reports alone.
nightly() {
  set +e
  CFGSWEEP=$CFGSWEEP POLICY=$1 STATE=$WORK/state CONFIGS=$WORK/night FAIL_ON=critical \
    "$SOURCE_DIR/scripts/nightly-example" >"$WORK/nightly.out" 2>"$WORK/nightly.err"
  rc=$?
  set -e
}
baseline=$SOURCE_DIR/samples/policies/baseline.yaml
rm -f "$WORK/night/pe1.iosxr.cfg"
nightly "$baseline"
expect_eq "$rc" 0 "nightly: no critical failure, exit 0"
expect_match "$(cat "$WORK/nightly.out")" "^compliance run 1 \([0-9TZ:-]+\): 3 configs, 0 compliant, failed rules: " "nightly: the summary line"
echo "snmp-server community public RO" >>"$WORK/night/branch-r1.ios.cfg"
nightly "$baseline"
expect_eq "$rc" 1 "nightly: a critical failure, exit 1"
expect_match "$(cat "$WORK/nightly.out")" "\(2 unchanged, not parsed again\)" "nightly: unchanged configs are reused"
expect_match "$(cat "$WORK/nightly.out")" "new    critical no-default-snmp-community  branch-r1" "nightly: the new finding since the last run"
expect_eq "$("$CFGSWEEP" runs --store "$WORK/state/runs.db" | jq -s 'map(.exit_code) | join(",")')" '"0,1"' \
  "nightly: both runs in the store, with their exit codes"
expect_eq "$(ls "$WORK/state/reports" | tr '\n' ' ')" "diff.txt findings.csv findings.sarif junit.xml report.html summary.json " "nightly: tonight's reports"
expect_eq "$(stat -c %a "$WORK/state/runs.db")" 600 "nightly: the store is private"
nightly "$WORK/bad.yaml.missing"
expect_eq "$rc" 64 "nightly: a broken run exits with cfgsweep's code"
expect_eq "$(ls "$WORK/state/reports" | wc -l)" 6 "nightly: a broken run leaves the last reports alone"
expect_eq "$("$CFGSWEEP" runs --store "$WORK/state/runs.db" | wc -l)" 2 "nightly: and records no run"

# The compliant samples (IOS, NX-OS, EOS, Junos) pass the whole baseline.
run check "$samples/compliant" --policy "$SOURCE_DIR/samples/policies/baseline.yaml" --fail-on info
expect_eq "$rc" 0 "compliant samples: exit 0 even at --fail-on info"
expect_eq "$(jq -r '.vendor' "$WORK/out.jsonl" | sort | tr '\n' ' ')" "arista_eos cisco_ios cisco_nxos juniper_junos " "one compliant sample per vendor"
expect_eq "$(jq -s '[.[].compliance.fail] | add' "$WORK/out.jsonl")" 0 "no rule fails on them"
expect_eq "$(jq -s '[.[] | select(.compliance.pass >= 10)] | length' "$WORK/out.jsonl")" 4 "and each passes at least 10 rules"

# Policy mistakes stop the run before any work, with file, line and column.
printf 'rules:\n  - {id: a, severity: urgent, message: m, forbid: x}\n' >"$WORK/bad.yaml"
run check "$WORK/configs" --policy "$WORK/bad.yaml"
expect_eq "$rc" 64 "bad policy: exit 64"
expect_eq "$(cat "$WORK/err")" \
  "cfgsweep: policy: $WORK/bad.yaml:2:23: severity must be one of: info, low, medium, high, critical" \
  "bad policy: the message says where and what"
expect_eq "$(wc -c <"$WORK/out.jsonl")" 0 "bad policy: no result written"
run check "$WORK/configs" --policy "$WORK/missing.yaml"
expect_match "$rc $(cat "$WORK/err")" "^64 .*missing.yaml: cannot read the policy file" "missing policy"
run check "$WORK/configs" --policy "$WORK/policy.yaml" --fail-on severe
expect_eq "$rc" 64 "bad --fail-on: exit 64"

# An inventory gives applies_to its groups, tags, roles and platform, and the variables
# their values: each config is matched to the device named like its file, else its hostname.
mkdir -p "$WORK/inv/configs"
cp "$samples/compliant/edge-ok1.ios.cfg" "$samples/compliant/leaf-ok3.nxos.cfg" "$WORK/inv/configs/"
cp "$samples/branch-r1.ios.cfg" "$WORK/inv/configs/saved-17.cfg"  # named by neither: found by its hostname
cat >"$WORK/inv/hosts.yaml" <<'HOSTS'
edge-ok1:
  platform: ios
  groups: [london]
  data: {tags: [pci, internet], role: edge}
leaf-ok3:
  platform: nxos
  groups: [paris]
  data: {role: leaf}
branch-r1:
  platform: ios
  groups: [london]
  data: {site: lon-branch}
HOSTS
cat >"$WORK/inv/groups.yaml" <<'GROUPS'
london: {groups: [emea], data: {site: lon1}}
paris: {groups: [emea], data: {site: par1}}
emea: {data: {region: emea}}
GROUPS
cat >"$WORK/inv/policy.yaml" <<'POLICY'
rules:
  - {id: pci-no-http, severity: high, message: m, applies_to: {tags: pci}, forbid: '^ip http server'}
  - {id: leaf-features, severity: low, message: m, applies_to: {roles: leaf, platform: nxos}, require: '^feature tacacs'}
  - id: site-location
    severity: low
    message: EMEA devices give their site as SNMP location
    applies_to: {groups: emea}
    intended: {lines: 'snmp-server location {{ site }}', extra: false}
POLICY
by_file() { jq -r "select(.source | endswith(\"/$1\")) | [.findings[] | .rule + \"=\" + .status] | join(\" \")" "$WORK/out.jsonl"; }
run check "$WORK/inv/configs" --policy "$WORK/inv/policy.yaml" --inventory "$WORK/inv"
expect_eq "$(by_file edge-ok1.ios.cfg)" "pci-no-http=pass leaf-features=not_applicable site-location=fail" "inventory: the tagged edge router"
expect_eq "$(by_file leaf-ok3.nxos.cfg)" "pci-no-http=not_applicable leaf-features=pass site-location=fail" "inventory: the leaf, by role and platform"
expect_eq "$(by_file saved-17.cfg)" "pci-no-http=not_applicable leaf-features=not_applicable site-location=fail" "inventory: a file found by its hostname"
expect_eq "$(jq -r 'select(.source | endswith("/saved-17.cfg")) | .findings[] | select(.rule == "site-location") | .missing[0]' "$WORK/out.jsonl")" \
  "snmp-server location lon-branch" "inventory: the host's own data wins over its group's"
expect_eq "$(jq -r 'select(.source | endswith("/leaf-ok3.nxos.cfg")) | .findings[] | select(.rule == "site-location") | .missing[0]' "$WORK/out.jsonl")" \
  "snmp-server location par1" "inventory: a variable from the device's group"
run check "$WORK/inv/configs" --policy "$WORK/inv/policy.yaml"
expect_eq "$(by_file edge-ok1.ios.cfg)" "pci-no-http=not_applicable leaf-features=not_applicable site-location=not_applicable" "without --inventory, inventory selectors select nothing"
printf 'edge-ok1:\n  platfrom: ios\n' >"$WORK/inv/bad-hosts.yaml"
run check "$WORK/inv/configs" --policy "$WORK/inv/policy.yaml" --inventory "$WORK/inv/bad-hosts.yaml"
expect_match "$rc $(cat "$WORK/err")" "^64 cfgsweep: inventory: .*bad-hosts.yaml:2:3: " "a bad inventory: exit 64 with file, line and column"
expect_eq "$(wc -c <"$WORK/out.jsonl")" 0 "a bad inventory: no result written"

# Secrets stay out of every part of a result unless --show-secrets, the coverage's
# unrecognized lines and intended-config evidence included.
run parse "$samples/compliant/edge-ok1.ios.cfg" "$samples/compliant/pe-ok2.junos.conf"
expect_eq "$(grep -cE '0ZbCqWy6|4Jn7Xr3s|abcdefghij|qrstuvwxyz' "$WORK/out.jsonl")" 0 "parse: no secret in the results"
run parse "$samples/compliant/edge-ok1.ios.cfg" "$samples/compliant/pe-ok2.junos.conf" --show-secrets
expect_eq "$(grep -cE '0ZbCqWy6|4Jn7Xr3s|abcdefghij|qrstuvwxyz' "$WORK/out.jsonl")" 2 "parse --show-secrets: the secrets shown"
printf 'rules:\n  - {id: all, severity: low, message: m, intended: {lines: [hostname x]}}\n' >"$WORK/intended.yaml"
run check "$samples/compliant/edge-ok1.ios.cfg" --policy "$WORK/intended.yaml"
expect_eq "$(jq '.findings[0].extra | map(select(test("secret 9 [$]9[$]<redacted>"))) | length' "$WORK/out.jsonl")/$(grep -cE '0ZbCqWy6|4Jn7Xr3s' "$WORK/out.jsonl")" "2/0" "intended-config extra lines: redacted"
run check "$samples/compliant/edge-ok1.ios.cfg" --policy "$WORK/intended.yaml" --show-secrets
expect_eq "$(jq '.findings[0].extra | map(select(test("secret 9 [$]9[$]"))) | length' "$WORK/out.jsonl")" 2 "... and shown with --show-secrets"

finish
