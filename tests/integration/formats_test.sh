#!/usr/bin/env bash
# Every format into one tree: the three Junos forms agree, `show` and `query` answer, the
# --format/--vendor overrides work, and hostile inputs fail alone with a clean error.
source "$(dirname "$0")/lib.sh"
samples=$SOURCE_DIR/samples/configs

# The same Junos configuration as braces, `display set` and `display xml`: one tree.
for form in junos.conf junos-set.txt junos.xml; do
  "$CFGSWEEP" show --tree "$samples/edge1.$form" | tail -n +2 | cut -f2- >"$WORK/$form.tree"
done
cmp -s "$WORK/junos.conf.tree" "$WORK/junos-set.txt.tree" && pass || fail "brace and set trees differ"
cmp -s "$WORK/junos.conf.tree" "$WORK/junos.xml.tree" && pass || fail "brace and XML trees differ"
expect_match "$(cat "$WORK/junos.conf.tree")" "ge-0/0/2 \[inactive\]" "inactive: is kept as a flag"
for form in junos.conf junos-set.txt junos.xml; do
  "$CFGSWEEP" show "$samples/edge1.$form" | jq -c '.model | del(.. | .line?)' >"$WORK/$form.model"
done
cmp -s "$WORK/junos.conf.model" "$WORK/junos-set.txt.model" && cmp -s "$WORK/junos.conf.model" "$WORK/junos.xml.model" \
  && pass || fail "the three Junos forms give different models"

# The same comparison on real configs from the corpus that exist in the three forms.
corpus=${CFGSWEEP_CORPUS:-$SOURCE_DIR/../shared/corpus}
fixtures=$corpus/ansible-junos/tests/unit/modules/network/junos/fixtures
if [ -f "$fixtures/junos_config.text" ]; then
  for form in text set xml; do
    "$CFGSWEEP" show --tree "$fixtures/junos_config.$form" | tail -n +2 | cut -f2- >"$WORK/real.$form"
  done
  cmp -s "$WORK/real.text" "$WORK/real.set" && cmp -s "$WORK/real.text" "$WORK/real.xml" \
    && pass || fail "corpus junos_config in three forms gives different trees"
fi

# show --model: the normalized model of each vendor, and its coverage.
model() { "$CFGSWEEP" show "$samples/$1" | jq -r "$2"; }
expect_eq "$(model edge1.junos.conf '.model.bgp.neighbors[0] | .address + " " + .remote_as + " " + .description')" \
  "203.0.113.1 64496 isp transit" "Junos BGP neighbor"
expect_eq "$(model edge1.junos.conf '.model.snmp.communities[0].name')" "<redacted>" "SNMP community redacted"
expect_eq "$("$CFGSWEEP" show --show-secrets "$samples/edge1.junos.conf" | jq -r '.model.snmp.communities[0].name')" \
  "n0tpublic" "--show-secrets reveals it"
expect_eq "$(model edge1.junos.conf '.model.users[0].hash_type')" "sha512-crypt" "hash type, not the hash"
expect_eq "$("$CFGSWEEP" show --json "$samples/edge1.junos.conf" | grep -c 'AbCdEf')" 0 "the hash is in no output"
expect_eq "$(model gw1.vyos.boot '.model.interfaces | map(.name) | join(",")')" "eth0,eth1,eth1.100" "VyOS interfaces"
expect_eq "$(model fw2.panos-set.txt '.model.interfaces[0].description')" "untrust uplink" "PAN-OS interface comment"
expect_eq "$(model fw3.fortios.conf '.model.interfaces[1].enabled')" false "FortiOS status down"
expect_eq "$(model leaf2.interfaces '.model.interfaces | map(select(.lag == "bond1")) | map(.name) | join(",")')" \
  "swp1,swp2" "ifupdown bond members"
expect_eq "$(model leaf3.nvue.yaml '.model.bgp.local_as')" "65103" "NVUE BGP AS"
expect_eq "$(model srv1.netplan.yaml '.model.static_routes[0].next_hop')" "10.40.0.1" "netplan default route"
expect_eq "$(model branch-r1.ios.cfg '.coverage | (.lines_in_model > 0) and (.unrecognized | length) <= 20')" \
  true "coverage counts model lines and caps the list"
printf 'hostname cov\nfrobnicate widgets\ninterface Gi0/1\n shutdown\n' >"$WORK/cov.cfg"
expect_eq "$("$CFGSWEEP" show "$WORK/cov.cfg" | jq -c '.coverage.unrecognized')" \
  '[{"line":2,"text":"frobnicate widgets"}]' "unrecognized lines listed with their line"
expect_match "$("$CFGSWEEP" show --tree "$WORK/cov.cfg")" $'4\t  shutdown' "show --tree has line numbers and indentation"

# query: ciscoconfparse-style questions over many files with the worker pool.
run query "$samples" --match 'interface ' --no-child 'shutdown' --child 'ip address' --jobs 2
expect_eq "$rc" 0 "query exits 0"
expect_eq "$(jq -r 'select(.source | endswith("branch-r1.ios.cfg")) | .text' "$WORK/out.jsonl" | tr '\n' ' ')" \
  "interface GigabitEthernet0/0 interface GigabitEthernet0/1 " "interfaces with an address and not shut"
run query "$samples"/edge1.* --match 'protocols' --match 'bgp' --match 'group'
expect_eq "$(jq -r '.path | join(" > ")' "$WORK/out.jsonl" | sort -u)" "protocols > bgp > group ISP" "a path of --match patterns"
expect_eq "$(wc -l <"$WORK/out.jsonl")" 3 "one match per Junos form"
expect_eq "$(jq -r .line "$WORK/out.jsonl" | sort -n | tr '\n' ' ')" "26 69 76 " "with the line of each form"
run query "$samples" --match '('
expect_eq "$rc" 64 "a bad RE2 pattern is a usage error"
expect_match "$(cat "$WORK/err")" "bad --match pattern" "and says which pattern"

# Overrides.
printf 'set system host-name forced\n' >"$WORK/forced.txt"
expect_eq "$("$CFGSWEEP" show --format vyos-set "$WORK/forced.txt" | jq -r .vendor)" vyos "--format sets the vendor"
expect_eq "$("$CFGSWEEP" show --vendor paloalto_panos "$WORK/forced.txt" | jq -r .vendor)" paloalto_panos "--vendor"
run show --format klingon "$WORK/forced.txt"
expect_eq "$rc" 64 "unknown --format is a usage error"
expect_match "$(cat "$WORK/err")" "use one of: ios" "and lists the names"

# Hostile inputs: each fails alone, with its reason and line, at a bounded cost.
h=$WORK/hostile; mkdir -p "$h"
cat >"$h/entities.xml" <<'XML'
<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<config><devices/><lolz>&lol9;</lolz></config>
XML
{ echo 'a: &a ["x","x","x","x","x","x","x","x","x"]'
  for i in b c d e f g h i j k l; do p=$(printf '%s' "$i" | tr 'b-l' 'a-k'); echo "$i: &$i [*$p,*$p,*$p,*$p,*$p,*$p,*$p,*$p,*$p]"; done; } >"$h/aliases.yaml"
awk 'BEGIN { for (i = 0; i < 100000; i++) printf "["; for (i = 0; i < 100000; i++) printf "]"; print "" }' >"$h/deep.json"
awk 'BEGIN { for (i = 0; i < 100000; i++) printf "<a>"; for (i = 0; i < 100000; i++) printf "</a>"; print "" }' >"$h/deep.xml"
awk 'BEGIN { print "system {"; for (i = 0; i < 100000; i++) print "x" i " {"; for (i = 0; i < 100001; i++) print "}" }' >"$h/deep.junos"
awk 'BEGIN { for (i = 0; i < 100000; i++) printf "["; print "" }' | sed 's/^/a: /' >"$h/deep.yaml"
printf '{"a": [1, 2,\n  "b": }\n' >"$h/broken.json"
printf 'network:\n  ethernets: [\n' >"$h/broken.yaml"
printf '<config>\n  <devices>\n</config>\n' >"$h/broken.xml"
printf 'set system host-name nul\n\0\0set x\n' >"$h/nul.txt"
head -c 4096 /dev/urandom >"$h/random.bin"
{ printf 'set system host-name '; head -c 209715200 /dev/zero | tr '\0' 'a'; echo; } >"$h/line200m.txt"
cp "$samples/edge1.junos.conf" "$h/good.conf"
run parse "$h" --jobs 2 --max-file-size 256M --timeout-per-file 60
expect_eq "$rc" 2 "hostile inputs fail, the run exits 2"
expect_eq "$(wc -l <"$WORK/out.jsonl")" "$(ls "$h" | wc -l)" "every hostile input has its result"
code() { jq -r "select(.source | endswith(\"/$1\")) | .status + \" \" + (.errors[0].code // \"\") + \" \" + ((.errors[0].line // \"\") | tostring)" "$WORK/out.jsonl"; }
expect_match "$(code entities.xml)" "^ok " "XML entities are not expanded"
expect_eq "$(jq -r 'select(.source | endswith("entities.xml")) | .bytes' "$WORK/out.jsonl")" "$(stat -c %s "$h/entities.xml")" "entity file is read as is"
expect_eq "$(code aliases.yaml)" "error expansion_limit 6" "YAML alias bomb stops at the node budget, at the alias that crossed it"
expect_eq "$(code deep.json)" "error too_deep 1" "JSON nesting is bounded"
expect_eq "$(code deep.xml)" "error too_deep 1" "XML nesting is bounded"
expect_match "$(code deep.junos)" "^error too_deep [0-9]+" "brace nesting is bounded"
expect_eq "$(code deep.yaml)" "error too_deep 1" "YAML nesting is bounded"
expect_eq "$(code broken.json)" "error syntax 2" "broken JSON: syntax error with its line"
expect_eq "$(code broken.yaml)" "error syntax 3" "broken YAML: syntax error where the input ends"
expect_eq "$(code broken.xml)" "error syntax 3" "broken XML: syntax error with its line"
expect_eq "$(code nul.txt)" "error binary 2" "NUL bytes: binary, with the line"
expect_match "$(code random.bin)" "^error (binary|unknown_format)" "random bytes"
expect_eq "$(code line200m.txt)" "ok  " "a 200 MB single line parses"
expect_eq "$(code good.conf)" "ok  " "the good file next to them is ok"
expect_eq "$(jq -r 'select(.status == "timeout" or .status == "oom" or .status == "crashed") | .source' "$WORK/out.jsonl")" \
  "" "no hostile input hangs, crashes or exhausts its worker"
rm -f "$h/line200m.txt"
# Junos groups: the model sees them applied (local statements win, patterns match names,
# apply-groups-except holds), the same in brace and set form; show --tree keeps the text.
mkdir -p "$WORK/groups"
cat >"$WORK/groups/r1.conf" <<'JUNOS'
version 21.4R3;
groups {
    COMMON {
        system {
            ntp {
                server 10.0.0.1;
            }
        }
        interfaces {
            <ge-*> {
                mtu 9192;
            }
        }
    }
}
apply-groups COMMON;
system {
    host-name r1;
    ntp {
        server 10.0.0.3;
    }
}
interfaces {
    ge-0/0/0 {
        description uplink;
    }
    ge-0/0/1 {
        apply-groups-except COMMON;
        mtu 1500;
    }
    xe-0/0/2 {
        description core;
    }
}
JUNOS
cat >"$WORK/groups/r1.set" <<'JUNOS'
set version 21.4R3
set groups COMMON system ntp server 10.0.0.1
set groups COMMON interfaces <ge-*> mtu 9192
set apply-groups COMMON
set system host-name r1
set system ntp server 10.0.0.3
set interfaces ge-0/0/0 description uplink
set interfaces ge-0/0/1 apply-groups-except COMMON
set interfaces ge-0/0/1 mtu 1500
set interfaces xe-0/0/2 description core
JUNOS
model_of() { "$CFGSWEEP" show --model "$WORK/groups/$1" | jq -c '.model | {ntp: [.ntp_servers[].address], mtu: [.interfaces[] | .name + "=" + (.mtu | tostring)]}'; }
expect_eq "$(model_of r1.conf)" '{"ntp":["10.0.0.3","10.0.0.1"],"mtu":["ge-0/0/0=9192","ge-0/0/1=1500","xe-0/0/2=null"]}' "Junos groups: applied in the model"
expect_eq "$(model_of r1.set)" "$(model_of r1.conf)" "Junos groups: set form alike"
expect_eq "$("$CFGSWEEP" show --model "$WORK/groups/r1.conf" | jq '.model.ntp_servers[1].line')" 6 "Junos groups: an inherited value points at the group's line"
expect_eq "$("$CFGSWEEP" show --tree "$WORK/groups/r1.conf" | grep -c 'mtu 9192')" 1 "Junos groups: show --tree prints the config as written"
finish
