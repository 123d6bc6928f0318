#!/usr/bin/env bash
# The command line as a user meets it: samples, flags, exit codes, output options.
source "$(dirname "$0")/lib.sh"
samples=$SOURCE_DIR/samples/configs

run parse "$samples" --jobs 2
expect_eq "$rc" 0 "samples parse with exit 0"
expect_eq "$(wc -l <"$WORK/out.jsonl")" 19 "one line per sample (compliant/ included: directories are walked)"
all_lines_json "$WORK/out.jsonl" && pass || fail "every line is JSON"
expect_eq "$(jq -r .status "$WORK/out.jsonl" | sort -u)" ok "every sample is ok"
expect_eq "$(jq -r .model.hostname "$WORK/out.jsonl" | sort | tr '\n' ' ')" \
  "access-sw1 branch-r1 core1 dc-leaf1 edge-ok1 edge1 edge1 edge1 fw1 fw2 fw3 gw1 leaf-ok3 leaf3 null null pe-ok2 pe1 spine-ok4 " "hostnames"
expect_eq "$(jq -r 'select(.model.hostname=="dc-leaf1").vendor' "$WORK/out.jsonl")" cisco_nxos "NX-OS detected"
expect_eq "$(jq -r 'select(.model.hostname=="core1").vendor' "$WORK/out.jsonl")" arista_eos "EOS detected"
expect_eq "$(jq -r 'select(.model.hostname=="pe1").vendor' "$WORK/out.jsonl")" cisco_iosxr "IOS-XR detected"
expect_eq "$(jq -c 'select(.model.hostname=="branch-r1").model.interfaces[1].ipv4' "$WORK/out.jsonl")" \
  '["10.10.1.1/24","10.10.2.1/24"]' "primary and secondary addresses"
expect_eq "$(jq -c 'select(.model.hostname=="branch-r1").model.interfaces | map(.name)' "$WORK/out.jsonl")" \
  '["GigabitEthernet0/0","GigabitEthernet0/1","GigabitEthernet0/2"]' "banner text is not an interface"
expect_eq "$(jq -c 'select(.model.hostname=="branch-r1").model.interfaces[2].enabled' "$WORK/out.jsonl")" \
  false "shutdown interface is disabled"
expect_eq "$(jq -r 'select(.model.hostname=="core1").model.interfaces | map(.name) | join(",")' "$WORK/out.jsonl")" \
  "Ethernet1,Ethernet2,Loopback0" "EOS banner ending in EOF"
expect_match "$(cat "$WORK/err")" "19 inputs: 19 ok" "summary on stderr"

run parse "$samples" --ordered --jobs 2
expect_eq "$(jq -r .source "$WORK/out.jsonl" | tr '\n' ' ')" \
  "$(find "$samples" -type f | LC_ALL=C sort | tr '\n' ' ')" "--ordered gives input (name) order"

run parse "$samples" --quiet
expect_eq "$(cat "$WORK/err")" "" "--quiet prints nothing on stderr"

run parse "$samples" --output "$WORK/results.jsonl" --quiet
expect_eq "$(wc -c <"$WORK/out.jsonl")" 0 "--output leaves stdout empty"
expect_eq "$(wc -l <"$WORK/results.jsonl")" 19 "--output file has every result"

run parse "$samples" --include '*.nxos.cfg'
expect_eq "$(jq -r .model.hostname "$WORK/out.jsonl" | sort | tr '\n' ' ')" "dc-leaf1 leaf-ok3 " "--include"
run parse "$samples" --exclude '*.nxos.cfg' --exclude '*.eos.cfg'
expect_eq "$(wc -l <"$WORK/out.jsonl")" 15 "--exclude, repeated"

set +e
printf '%s\n' "$samples/fw1.asa.cfg" "$samples/pe1.iosxr.cfg" | "$CFGSWEEP" parse - >"$WORK/out.jsonl" 2>/dev/null
rc=$?
set -e
expect_eq "$rc" 0 "paths from stdin"
expect_eq "$(jq -r .model.hostname "$WORK/out.jsonl" | sort | tr '\n' ' ')" "fw1 pe1 " "stdin list parsed"

run --version
expect_eq "$rc" 0 "--version exits 0"
expect_match "$(cat "$WORK/out.jsonl")" "^cfgsweep [0-9]+\.[0-9]+\.[0-9]+" "--version text"
run parse --help
expect_match "$(cat "$WORK/out.jsonl")" "--timeout-per-file" "--help documents the flags"

run parse "$samples" --no-such-flag
expect_eq "$rc" 64 "an unknown flag is a usage error"
expect_match "$(cat "$WORK/err")" "no-such-flag" "the message names the flag"
run parse "$samples" --jobs 0
expect_eq "$rc" 64 "--jobs 0 is a usage error"
run parse "$samples" --format bogus
expect_eq "$rc" 64 "an unknown --format is a usage error"
expect_match "$(cat "$WORK/err")" "unknown format 'bogus'" "the message says what to fix"
run parse "$samples" --max-file-size lots
expect_eq "$rc" 64 "a bad size is a usage error"
run parse
expect_eq "$rc" 64 "no subcommand is a usage error"

mkdir "$WORK/empty-dir"
run parse "$WORK/empty-dir"
expect_eq "$rc" 66 "a directory without inputs exits 66"
expect_match "$(cat "$WORK/err")" "no input found" "and says so"

run parse "$WORK/does-not-exist" "$samples/fw1.asa.cfg"
expect_eq "$rc" 2 "a missing path fails the run with exit 2"
expect_eq "$(jq -r 'select(.source|endswith("does-not-exist")).errors[0].code' "$WORK/out.jsonl")" \
  not_found "missing path reported as not_found"
expect_eq "$(jq -r 'select(.model.hostname=="fw1").status' "$WORK/out.jsonl")" ok "the other input still parsed"

run parse "$samples" --output /nonexistent-dir/out.jsonl
expect_eq "$rc" 74 "an unwritable --output exits 74"
finish
