#!/usr/bin/env bash
# The normalized model on configs written here from the vendors' documentation, one fact
# per class the model got wrong on configs never seen (issue 14): ASA one-line banners and
# interface-named servers, names below a kind word, IOS-XR preconfigure and AAA, OSPF areas
# from interface lines, Junos iBGP and routing-instance OSPF, VyOS and PAN-OS models, FortiOS
# VDOMs.
source "$(dirname "$0")/lib.sh"
data=$SOURCE_DIR/tests/data/model
detection=$SOURCE_DIR/tests/data/detection

# fact FILE JQ EXPECTED DESCRIPTION: the model of FILE, filtered by JQ (one line, -c).
fact() {
  local got
  got=$("$CFGSWEEP" show "$1" --model --show-secrets 2>"$WORK/err" | jq -c ".model | $2" 2>&1) ||
    got="(no model: $(head -c 200 "$WORK/err"))"
  expect_eq "$got" "$3" "$(basename "$1"): $4"
}

# ASA: each "banner motd TEXT" is one line of the banner; the lines after it are commands.
fact "$data/asa.cfg" '[.banners[] | .text]' '["Authorized access only.\nDisconnect now if you are not authorized."]' \
  "one-line banners joined, nothing swallowed"
fact "$data/asa_banner_runs.cfg" '[.banners[] | [.kind, .text]]' \
  '[["motd","\nLab firewall for $(hostname)\n\n*******************************"],["login","**** authorized users only ****"]]' \
  "empty banner lines and lines of delimiter characters are lines of the banner"
fact "$data/asa_banner_runs.cfg" '[.interfaces[] | .name]' '["Management0/0"]' "the lines after them are commands"
fact "$data/asa.cfg" '[.interfaces[] | [.name, .ipv4[0]]]' \
  '[["GigabitEthernet0/0","203.0.113.2/29"],["GigabitEthernet0/1","10.1.1.1/24"]]' "interfaces after the banner"
fact "$data/asa.cfg" '[.syslog_servers[].address, .snmp.hosts[].address, .aaa_servers[].address]' \
  '["10.1.1.50","10.1.1.60","10.1.1.20"]' "servers named after their interface (logging/snmp-server host IFACE A, aaa-server G (IFACE) host A)"
fact "$data/asa.cfg" '.aaa_servers[0].protocol' '"tacacs"' "aaa-server host takes its group's protocol"
fact "$data/asa.cfg" '[.static_routes[] | [.prefix, .next_hop]]' \
  '[["0.0.0.0/0","203.0.113.1"],["10.20.0.0/16","10.1.1.254"]]' "route IFACE NET MASK GW, 0 0 the default"
# IOS-XR
fact "$data/iosxr.cfg" '.os_version' '"7.5.2"' "version from the '!! IOS XR Configuration' header"
fact "$data/iosxr.cfg" '[.interfaces[].name]' '["TenGigE0/0/0/24","TenGigE0/0/0/25","MgmtEth0/RP0/CPU0/0"]' \
  "interface preconfigure NAME keeps the name"
fact "$data/iosxr.cfg" '.interfaces[2].ipv4' 'null' "ipv4 address dhcp is not an address"
fact "$data/iosxr.cfg" '[.dns_servers[] | [.address, .vrf]]' '[["192.0.2.53","MGMT"]]' "domain vrf V name-server A"
fact "$data/iosxr.cfg" '[.users[] | [.name, .role, .hash_type]]' '[["netops","root-lr","sha512-crypt"]]' \
  "username block: group and secret 10"
fact "$data/iosxr.cfg" '[.aaa_servers[] | [.address, .protocol]]' '[["192.0.2.61","tacacs"]]' "aaa group server-private"
fact "$data/iosxr.cfg" '[.snmp.hosts[] | [.address, .vrf]]' '[["192.0.2.70","MGMT"]]' "snmp-server vrf V / host A"
# EOS, NX-OS, IOS: OSPF from interface lines
fact "$data/eos.cfg" '[.syslog_servers[] | [.address, .vrf]]' '[["192.0.2.80","MGMT"]]' "logging vrf V host A"
fact "$data/eos.cfg" '[.ospf[] | [.process, .areas[0].area, .areas[0].networks]]' '[["1","0.0.0.0",["Ethernet1"]]]' \
  "ip ospf area A joins the OSPF instance"
fact "$data/nxos.cfg" '[.ospf[] | [.process, .areas[0].area, .areas[0].networks]]' '[["UNDERLAY","0.0.0.0",["Ethernet1/1"]]]' \
  "ip router ospf P area A"
fact "$data/ios.cfg" '[.ospf[] | [.process, .areas[0].area, .areas[0].networks]]' '[["10","30",["GigabitEthernet0/1"]]]' \
  "ip ospf P area A, and area lines create the area once"
# A hand-written config with flush-left children: read under the section they can only
# belong to; global commands after it stay global.
fact "$data/ios_flush_left.cfg" '[.interfaces[] | [.name, .ipv4, .description]]' \
  '[["GigabitEthernet0/1",["192.0.2.1/24"],"written flush left"],["GigabitEthernet0/2",["192.0.2.5/30"],null]]' \
  "flush-left interface commands"
fact "$data/ios_flush_left.cfg" '[.static_routes[0].prefix, .acls[0].name, (.acls[0].entries | length)]' \
  '["0.0.0.0/0","EDGE",1]' "a global route after them stays global; flush-left ACL entries"
# Junos
fact "$data/junos.conf" '[.bgp.neighbors[] | [.address, .remote_as]]' '[["10.0.0.2","65000"]]' "iBGP neighbors are in the local AS"
fact "$data/junos.conf" '[.ospf[] | [.process, .areas[0].networks]]' '[["CUST",["ge-0/0/2.0"]]]' "routing-instance OSPF"
fact "$data/junos.conf" '[.snmp.hosts[].address]' '["192.0.2.50"]' "trap-group targets"
fact "$data/junos.conf" '[.interfaces[] | select(.access_vlan) | [.name, .access_vlan]]' '[["ge-0/0/1.0",31]]' \
  "access VLAN by name, resolved through vlans"
fact "$data/junos.xml" '[.vrfs[] | [.name, .rd]]' '[["CUST","65000:7"]]' "XML route-distinguisher is its rd-type"
# VyOS
fact "$data/vyos.boot" '[.interfaces[] | [.name, .ipv4, .vrf]]' \
  '[["eth0",null,null],["eth1",["192.168.10.1/24"],"RED"],["lo",["10.255.255.1/32"],null],["dum0",["10.1.1.1/32"],null],["wg0",["10.10.0.1/24"],null]]' \
  "interface names below a kind word; address dhcp is not an address; VRF membership"
fact "$data/vyos.boot" '[.bgp.local_as, .bgp.router_id, (.bgp.neighbors[] | .address, .remote_as, .description)]' \
  '["65010","10.255.255.1","192.0.2.2","65020","upstream"]' "BGP (1.4 system-as)"
fact "$data/vyos.boot" '[.ospf[0].areas[0].area, .ospf[0].areas[0].networks[0]]' '["0","192.168.10.0/24"]' "OSPF areas"
fact "$data/vyos.boot" '[.ntp_servers[].address, (.snmp.communities[] | .name, .access), .snmp.hosts[].address]' \
  '["0.pool.ntp.org","monitor","ro","192.0.2.90"]' "service ntp (1.4), SNMP"
fact "$data/vyos.boot" '[.vrfs[].name]' '["RED"]' "VRFs"
fact "$data/vyos13.set" '[.bgp.local_as, .bgp.neighbors[0].remote_as, .bgp.router_id, .ntp_servers[0].address]' \
  '["65030","65031","192.0.2.10","1.pool.ntp.org"]' "BGP (1.3 'bgp AS'), system ntp"
# PAN-OS, all three forms
for f in panos_running.xml panos_brace.conf panos_set_banner.txt; do
  fact "$detection/$f" '[.hostname != null, (.interfaces | length > 0), (.interfaces[0].ipv4 | length)]' '[true,true,1]' \
    "hostname and interfaces with their address"
done
fact "$detection/panos_running.xml" '[.users[] | [.name, .role]]' '[["admin","superuser"]]' "users with their role (XML)"
fact "$detection/panos_brace.conf" '[.hostname, (.users[] | .name, .role)]' '["pa-fw2","admin","superuser"]' \
  "the brace form's config/devices scopes"
fact "$detection/panos_set_banner.txt" '[.banners[] | [.kind, (.text | split("\n") | length), .line]]' '[["login",3,2]]' \
  "a quoted banner over three lines is one value, at its first line"
fact "$detection/panos_set_banner.txt" '[.dns_servers[].address]' '["198.51.100.53"]' "the lines after a multi-line banner"
fact "$data/panos_routes.set" '[.interfaces[] | [.name, .ipv4]]' '[["management",["192.0.2.20/24"]]]' \
  "the management port's address"
fact "$data/panos_routes.set" '[.static_routes[] | [.prefix, .next_hop]]' '[["0.0.0.0/0","203.0.113.1"]]' \
  "virtual-router static routes"
fact "$data/panos_routes.set" '[.syslog_servers[].address, .snmp.versions[0], .snmp.communities[0].name]' \
  '["192.0.2.200","v2c","s3cret"]' "syslog server profiles, SNMP"
# FortiOS
fact "$data/fortios.conf" '[.interfaces[] | [.name, .ipv4, .ipv6, .lag]]' \
  '[["port1",["192.0.2.1/24","198.51.100.1/24"],["2001:db8:1::1/64"],null],["port3",null,null,"lag1"],["port4",null,null,"lag1"],["lag1",null,null,null]]' \
  "secondary and IPv6 addresses, aggregate members"
fact "$data/fortios.conf" '[.snmp.hosts[].address, .ospf[0].router_id, .ospf[0].areas[0].networks[0]]' \
  '["192.0.2.100","10.255.0.1","192.0.2.0/24"]' "SNMP hosts, OSPF"
fact "$data/fortios_vdom.conf" '.hostname' '"fgt-hq"' "hostname from config global"
fact "$data/fortios_vdom.conf" '[.interfaces[] | [.name, .normalized_name, .enabled, .vrf]]' \
  '[["port1","port1",false,"root"],["port2","port2",true,"root"]]' "interfaces of a VDOM; set status down; port1 is no Port-channel"
finish
