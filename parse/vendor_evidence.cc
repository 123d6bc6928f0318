#include "parse/vendor_evidence.h"

#include <algorithm>
#include <array>
#include <bitset>
#include <cctype>
#include <cstring>
#include <span>
#include <vector>

#include <fmt/format.h>

namespace cfgsweep {

namespace {

// Where a marker's text must stand, spelled by its first character in the tables:
//   "^text"  an unindented line starts with it      "=text"  a line is exactly it (trimmed)
//   " text"  an indented line starts with it        "~text"  anywhere in the sniffed head
enum class Anchor : uint8_t { kLineStart, kIndented, kWholeLine, kAnywhere };

using VendorSet = uint32_t;

constexpr std::size_t kMaxMarkers = 512;  // per table

consteval VendorSet vendor_set(std::string_view names) {
  VendorSet set = 0;
  while (!names.empty()) {
    std::size_t space = names.find(' ');
    std::string_view name = names.substr(0, space);
    set |= VendorSet{1} << static_cast<unsigned>(enum_from_name<Vendor>(name).value());
    names = space == std::string_view::npos ? std::string_view{} : names.substr(space + 1);
  }
  return set;
}

// One rule: a text, the vendors it is evidence for (or, with a negative weight, against),
// and how much. Vendor names are checked when the table compiles.
struct Marker {
  consteval Marker(std::string_view spec, std::string_view vendors, int weight_)
      : anchor(spec.front() == '^'   ? Anchor::kLineStart
               : spec.front() == ' ' ? Anchor::kIndented
               : spec.front() == '=' ? Anchor::kWholeLine
                                     : Anchor::kAnywhere),
        text(spec.substr(1)),
        set(vendor_set(vendors)),
        weight(weight_) {}
  Anchor anchor;
  std::string_view text;
  VendorSet set;
  int weight;
};

// Weights: 4 one marker is enough (a vendor's own banner, a command no other vendor has);
// 3 strong; 2 and 1 need company. Counter-markers: -3 and -4.
constexpr std::string_view kIosFamily =
    "cisco_ios cisco_iosxe cisco_nxos cisco_iosxr cisco_asa arista_eos frr";

constexpr auto kIosEvidence = std::to_array<Marker>({
    // IOS and IOS-XE
    {"^version 11.", "cisco_ios", 4},
    {"^version 12.", "cisco_ios", 4},
    {"^version 15.", "cisco_ios", 4},
    {"^version 16.", "cisco_iosxe", 4},
    {"^version 17.", "cisco_iosxe", 4},
    {"^boot-start-marker", "cisco_ios cisco_iosxe", 4},
    {"^boot-end-marker", "cisco_ios cisco_iosxe", 4},
    {"^Current configuration : ", "cisco_ios cisco_iosxe", 4},
    {"^! Last configuration change at ", "cisco_ios cisco_iosxe", 3},
    {"^! NVRAM config last updated at ", "cisco_ios cisco_iosxe", 4},
    {"^line con 0", "cisco_ios cisco_iosxe", 3},
    {"^line aux 0", "cisco_ios cisco_iosxe", 3},
    {"^line vty 0 ", "cisco_ios cisco_iosxe", 2},
    {"^service timestamps ", "cisco_ios cisco_iosxe", 2},
    {"^no service pad", "cisco_ios cisco_iosxe", 3},
    {"^service password-encryption", "cisco_ios cisco_iosxe", 2},
    {"^no aaa new-model", "cisco_ios cisco_iosxe", 3},
    {"^aaa new-model", "cisco_ios cisco_iosxe", 3},
    {"=ip cef", "cisco_ios cisco_iosxe", 2},
    {"=ip subnet-zero", "cisco_ios cisco_iosxe", 3},
    {"=ip classless", "cisco_ios cisco_iosxe", 3},
    {"^ip forward-protocol nd", "cisco_ios cisco_iosxe", 3},
    {"^no ip http server", "cisco_ios cisco_iosxe", 2},
    {"^no ip http secure-server", "cisco_ios cisco_iosxe", 2},
    {"^ip ssh version 2", "cisco_ios cisco_iosxe", 2},
    {"^multilink bundle-name authenticated", "cisco_ios cisco_iosxe", 3},
    {"^crypto pki trustpoint TP-self-signed-", "cisco_ios cisco_iosxe", 4},
    {"^license udi pid ", "cisco_ios cisco_iosxe", 4},
    {"^diagnostic bootup level ", "cisco_ios cisco_iosxe", 3},
    {"^vrf definition ", "cisco_ios cisco_iosxe", 2},
    {"^ip vrf ", "cisco_ios cisco_iosxe", 2},
    {"^enable secret ", "cisco_ios cisco_iosxe", 2},
    {"=archive", "cisco_ios cisco_iosxe", 2},
    {"^vrf definition Mgmt-intf", "cisco_iosxe", 4},
    {"^vrf definition Mgmt-vrf", "cisco_iosxe", 4},
    {"^platform punt-keepalive", "cisco_iosxe", 4},
    {"^platform qfp ", "cisco_iosxe", 3},
    {"^platform console ", "cisco_iosxe", 3},
    {"^platform hardware ", "cisco_iosxe", 3},
    {"^memory free low-watermark", "cisco_iosxe", 3},
    {"^subscriber templating", "cisco_iosxe", 3},
    {"^license boot level ", "cisco_iosxe", 3},
    // RANCID's header in the configs it saves.
    {"~RANCID-CONTENT-TYPE: cisco-xr", "cisco_iosxr", 4},
    {"~RANCID-CONTENT-TYPE: cisco-nx", "cisco_nxos", 4},
    {"~RANCID-CONTENT-TYPE: arista", "arista_eos", 4},
    {"~RANCID-CONTENT-TYPE: cisco\n", "cisco_ios cisco_iosxe cisco_asa", 2},
    // NX-OS
    {"^!Command: show running-config", "cisco_nxos", 4},
    {"^!Command: show startup-config", "cisco_nxos", 4},
    {"^!Running configuration last done at", "cisco_nxos", 4},
    {"^!Time: ", "cisco_nxos", 2},
    {"^feature ", "cisco_nxos", 4},
    {"^install feature-set ", "cisco_nxos", 4},
    {"^feature-set ", "cisco_nxos", 4},
    {"^vdc ", "cisco_nxos", 4},
    {"^vrf context ", "cisco_nxos", 4},
    {"^switchname ", "cisco_nxos", 4},
    {"^boot nxos ", "cisco_nxos", 4},
    {"^boot kickstart ", "cisco_nxos", 4},
    {"~ Bios:version ", "cisco_nxos", 4},
    {"^copp profile ", "cisco_nxos", 4},
    {"^cfs eth distribute", "cisco_nxos", 4},
    {"^interface mgmt0", "cisco_nxos", 4},
    {"^hardware access-list tcam ", "cisco_nxos", 3},
    {"^system default switchport", "cisco_nxos", 3},
    {"^system jumbomtu ", "cisco_nxos", 3},
    {"^fabric forwarding ", "cisco_nxos", 3},
    {"^nv overlay ", "cisco_nxos", 3},
    {"~ use-vrf ", "cisco_nxos", 2},
    {"~ network-admin auth ", "cisco_nxos", 3},
    {"^role name ", "cisco_nxos", 2},
    {"^interface Ethernet1/", "cisco_nxos arista_eos", 1},
    {"~ role network-admin", "cisco_nxos arista_eos", 2},
    {"^line console", "cisco_nxos cisco_iosxr", 1},
    // IOS-XR
    {"^!! IOS XR", "cisco_iosxr", 4},
    {"^!! Last configuration change at ", "cisco_iosxr", 4},
    {"^route-policy ", "cisco_iosxr", 4},
    {"^end-policy", "cisco_iosxr", 4},
    {"^end-set", "cisco_iosxr", 4},
    {"^prefix-set ", "cisco_iosxr", 3},
    {"^community-set ", "cisco_iosxr", 3},
    {"^as-path-set ", "cisco_iosxr", 3},
    {" ipv4 address ", "cisco_iosxr", 4},
    {"^interface preconfigure ", "cisco_iosxr", 4},
    {"^taskgroup ", "cisco_iosxr", 3},
    {"^usergroup ", "cisco_iosxr", 3},
    {"=router static", "cisco_iosxr", 3},
    {"^domain vrf ", "cisco_iosxr", 3},
    {"^domain name ", "cisco_iosxr", 2},
    {"^ssh server v2", "cisco_iosxr", 2},
    {"^ssh server vrf ", "cisco_iosxr", 2},
    {"^telnet vrf ", "cisco_iosxr", 2},
    {"=line default", "cisco_iosxr", 3},
    {"^line template ", "cisco_iosxr", 3},
    {"^vty-pool ", "cisco_iosxr", 3},
    {"^lpts ", "cisco_iosxr", 3},
    {"^netconf-yang agent", "cisco_iosxr", 3},
    {"=multicast-routing", "cisco_iosxr", 2},
    {"=cdp", "cisco_iosxr", 2},
    {"^interface MgmtEth", "cisco_iosxr", 4},
    {"^interface Bundle-Ether", "cisco_iosxr", 3},
    // EOS
    {"^! device: ", "arista_eos", 4},
    {"^! Command: show ", "arista_eos", 3},
    {"^! boot system flash:", "arista_eos", 4},
    {"^transceiver qsfp default-mode", "arista_eos", 4},
    {"^service routing protocols model", "arista_eos", 4},
    {"^management api ", "arista_eos", 4},
    {"^management console", "arista_eos", 3},
    {"^management ssh", "arista_eos", 2},
    {"^management cvx", "arista_eos", 4},
    {"^daemon TerminAttr", "arista_eos", 4},
    {"^vrf instance ", "arista_eos", 4},
    {"^mlag configuration", "arista_eos", 4},
    {"^ip virtual-router mac-address", "arista_eos", 4},
    {"^queue-monitor length", "arista_eos", 4},
    {"^spanning-tree mode mstp", "arista_eos", 3},
    {"^interface Management1", "arista_eos", 3},
    {"^interface Port-Channel", "arista_eos", 2},
    {"^logging vrf ", "arista_eos", 3},
    {"^ip name-server vrf ", "arista_eos", 2},
    {"^aaa root ", "arista_eos", 3},
    {"^no aaa root", "arista_eos", 3},
    {"^load-interval default", "arista_eos", 2},
    {"^platform trident", "arista_eos", 4},
    {"^platform sand", "arista_eos", 4},
    {"^platform arad", "arista_eos", 4},
    {"^platform jericho", "arista_eos", 4},
    {"~ secret sha512 ", "arista_eos", 3},
    {"=EOF", "arista_eos", 3},  // EOS ends a banner with EOF, IOS with its delimiter
    {"~ peer group ", "arista_eos", 2},
    // ASA
    {"^ASA Version ", "cisco_asa", 4},
    {"^PIX Version ", "cisco_asa", 4},
    {"^: Saved", "cisco_asa", 4},
    {"^Cryptochecksum:", "cisco_asa", 4},
    {"^: Serial Number:", "cisco_asa", 4},
    {"^: Hardware:", "cisco_asa", 4},
    {" nameif ", "cisco_asa", 4},
    {" security-level ", "cisco_asa", 1},  // IOS device-tracking policies have one too
    {"^same-security-traffic ", "cisco_asa", 4},
    {"^pager lines ", "cisco_asa", 4},
    {"^tunnel-group ", "cisco_asa", 4},
    {"^group-policy ", "cisco_asa", 3},
    {"^aaa-server ", "cisco_asa", 4},
    {"^route ", "cisco_asa", 3},
    {"^object network ", "cisco_asa", 3},
    {"^object service ", "cisco_asa", 3},
    {"^object-group network ", "cisco_asa", 1},
    {"^access-group ", "cisco_asa", 3},
    {"^nat (", "cisco_asa", 4},
    {"^mtu ", "cisco_asa", 3},
    {"^http server enable", "cisco_asa", 4},
    {"^ssh timeout ", "cisco_asa", 3},
    {"^asdm ", "cisco_asa", 4},
    {"^no asdm ", "cisco_asa", 4},
    {"^arp timeout ", "cisco_asa", 3},
    {"^dns domain-lookup ", "cisco_asa", 3},
    {"^dns server-group ", "cisco_asa", 3},
    {"=names", "cisco_asa", 2},
    {"^threat-detection ", "cisco_asa", 4},
    {"=webvpn", "cisco_asa", 2},
    {"^icmp unreachable ", "cisco_asa", 3},
    {"^passwd ", "cisco_asa", 4},
    {"^class-map inspection_default", "cisco_asa", 4},
    {"^policy-map global_policy", "cisco_asa", 4},
    {"^service-policy global_policy ", "cisco_asa", 4},
    {"^prompt hostname ", "cisco_asa", 4},
    {"^crypto ikev1 ", "cisco_asa", 3},
    {"^firewall transparent", "cisco_asa", 3},
    {"^console timeout ", "cisco_asa", 3},
    {"^user-identity ", "cisco_asa", 3},
    {"^enable password ", "cisco_asa cisco_ios cisco_iosxe", 1},
    // FRR
    {"^frr version ", "frr", 4},
    {"^frr defaults ", "frr", 4},
    {"^service integrated-vtysh-config", "frr", 4},
    {"~ interface remote-as ", "frr", 3},
    {"~ interface peer-group ", "frr", 3},
    {"~ remote-as external", "frr", 3},
    {"~ remote-as internal", "frr", 3},
    {"^log syslog", "frr", 3},
    {"^log file ", "frr", 3},
    {"^log stdout", "frr", 3},
    {"=agentx", "frr", 3},
    {"=ip forwarding", "frr", 3},
    {"=ipv6 forwarding", "frr", 3},
    {"=line vty", "frr", 2},
    {"^password ", "frr", 2},
    {" exit-vrf", "frr", 2},
    // Not any vendor of the family: texts of look-alikes cfgsweep does not model (HP
    // Comware, Aruba, A10, Brocade, F5's ZebOS imish, Nokia, Ciena).
    {"^!BATFISH_FORMAT: ", kIosFamily, -4},
    {"^sysname ", kIosFamily, -4},
    {"^undo ", kIosFamily, -4},
    {"^user-interface ", kIosFamily, -4},
    {"=return", kIosFamily, -4},
    {"^slb ", kIosFamily, -4},
    {"^!Version ArubaOS", kIosFamily, -4},
    {"^!export-password", kIosFamily, -4},
    {"^; J", kIosFamily, -3},
    {"~rbridge-id", kIosFamily, -4},
    {"^application metamux", kIosFamily, -4},
    {"^echo \"", kIosFamily, -4},
    {"^exit all", kIosFamily, -4},
    {"^vsx", kIosFamily, -3},
    {"~/Common/", kIosFamily, -4},
    {"^ltm ", kIosFamily, -4},
    {"^sys ", kIosFamily, -4},
    {"^logging raslog", kIosFamily, -4},
    {"^node-id ", kIosFamily, -4},
    {"^system hostname ", kIosFamily, -4},
    {"~ethernetCsmacd", kIosFamily, -4},
});

constexpr std::string_view kSetFamily = "juniper_junos vyos paloalto_panos nokia_srlinux";

constexpr auto kSetEvidence = std::to_array<Marker>({
    // Junos
    {"^set version ", "juniper_junos", 4},
    {"^set interfaces ge-", "juniper_junos", 3},
    {"^set interfaces xe-", "juniper_junos", 3},
    {"^set interfaces et-", "juniper_junos", 3},
    {"^set interfaces lo0 ", "juniper_junos", 3},
    {"^set interfaces fxp0 ", "juniper_junos", 4},
    {"^set interfaces em0 ", "juniper_junos", 3},
    {"^set interfaces irb ", "juniper_junos", 2},
    {"^set interfaces ae", "juniper_junos", 2},
    {"~ unit ", "juniper_junos", 2},
    {"~ family inet", "juniper_junos", 3},
    {"^set routing-options ", "juniper_junos", 4},
    {"^set policy-options ", "juniper_junos", 4},
    {"^set protocols bgp group ", "juniper_junos", 3},
    {"^set security ", "juniper_junos", 3},
    {"^set firewall family ", "juniper_junos", 4},
    {"^set firewall filter ", "juniper_junos", 3},
    {"^set snmp ", "juniper_junos", 2},
    {"^set chassis ", "juniper_junos", 4},
    {"^set system root-authentication ", "juniper_junos", 4},
    {"^set system services ", "juniper_junos", 3},
    {"^set system login class ", "juniper_junos", 3},
    {"~ class super-user", "juniper_junos", 3},
    {"^set system syslog file ", "juniper_junos", 3},
    {"^set system commit ", "juniper_junos", 3},
    {"^set system scripts ", "juniper_junos", 3},
    {"^set groups ", "juniper_junos", 3},
    {"^set apply-groups ", "juniper_junos", 4},
    {"^set vlans ", "juniper_junos", 3},
    {"^set routing-instances ", "juniper_junos", 4},
    {"^set class-of-service ", "juniper_junos", 4},
    {"^set forwarding-options ", "juniper_junos", 4},
    {"^set switch-options ", "juniper_junos", 4},
    {"^set event-options ", "juniper_junos", 4},
    {"^set virtual-chassis ", "juniper_junos", 4},
    {"^set logical-systems ", "juniper_junos", 4},
    {"^set bridge-domains ", "juniper_junos", 3},
    {"^set ethernet-switching-options ", "juniper_junos", 4},
    {"^set multi-chassis ", "juniper_junos", 3},
    {"^set services ", "juniper_junos", 2},
    {"^set access ", "juniper_junos", 2},
    {"~encrypted-password \"$", "juniper_junos", 3},
    {"^set protocols mpls label-switched-path ", "juniper_junos", 4},
    {"^set protocols mpls admin-groups ", "juniper_junos", 4},
    {"^set system login password ", "juniper_junos", 3},
    {"^set system login retry-options ", "juniper_junos", 4},
    {"^set system accounting ", "juniper_junos", 3},
    {"^set system tacplus-server ", "juniper_junos", 4},
    {"^set system ntp authentication-key ", "juniper_junos", 2},
    {"^set protocols evpn ", "juniper_junos", 2},
    {"^set applications ", "juniper_junos", 4},
    {"^activate ", "juniper_junos", 3},
    {"^deactivate ", "juniper_junos", 3},
    {"~RANCID-CONTENT-TYPE: juniper", "juniper_junos", 4},
    {"~RANCID-CONTENT-TYPE: paloalto", "paloalto_panos", 4},
    {"^set system host-name ", "juniper_junos vyos", 1},
    {"^set system ntp server ", "juniper_junos vyos", 1},
    {"^set system name-server ", "juniper_junos vyos", 1},
    {"^set protocols ospf area ", "juniper_junos vyos", 1},
    // VyOS
    {"^set service ", "vyos", 3},
    {"^set interfaces ethernet eth", "vyos", 4},
    {"^set interfaces loopback lo", "vyos", 4},
    {"^set interfaces dummy ", "vyos", 4},
    {"^set interfaces wireguard ", "vyos", 4},
    {"^set interfaces bonding ", "vyos", 4},
    {"^set interfaces openvpn ", "vyos", 4},
    {"^set interfaces pppoe ", "vyos", 3},
    {"^set interfaces bridge br", "vyos", 3},
    {"^set interfaces tunnel tun", "vyos", 3},
    {"^set interfaces vxlan ", "vyos", 2},
    {"^set system config-management ", "vyos", 4},
    {"^set system syslog global ", "vyos", 4},
    {"^set system console ", "vyos", 3},
    {"^set system login user vyos ", "vyos", 4},
    {"^set nat source ", "vyos", 4},
    {"^set nat destination ", "vyos", 4},
    {"^set firewall name ", "vyos", 4},
    {"^set firewall ipv4 ", "vyos", 4},
    {"^set firewall ipv6 ", "vyos", 4},
    {"^set firewall all-ping ", "vyos", 4},
    {"^set firewall group ", "vyos", 3},
    {"^set high-availability ", "vyos", 4},
    {"^set vrf name ", "vyos", 4},
    {"^set protocols bgp system-as ", "vyos", 4},
    {"^set protocols static route", "vyos", 3},
    {"^set policy route-map ", "vyos", 4},
    {"^set policy prefix-list", "vyos", 4},
    {"^set policy as-path-list ", "vyos", 4},
    {"^set container ", "vyos", 3},
    {"^set pki ", "vyos", 3},
    {"^set load-balancing ", "vyos", 3},
    {"^set traffic-policy ", "vyos", 3},
    {"^set zone-policy ", "vyos", 3},
    {"^set vpn ", "vyos", 3},
    // PAN-OS
    {"^set deviceconfig ", "paloalto_panos", 4},
    {"^set rulebase ", "paloalto_panos", 4},
    {"^set network interface ", "paloalto_panos", 4},
    {"^set network virtual-router ", "paloalto_panos", 4},
    {"^set network profiles ", "paloalto_panos", 4},
    {"^set mgt-config ", "paloalto_panos", 4},
    {"^set import network ", "paloalto_panos", 4},
    {"^set log-settings ", "paloalto_panos", 4},
    {"^set device-group ", "paloalto_panos", 4},
    {"^set config ", "paloalto_panos", 3},
    {"^set shared ", "paloalto_panos", 3},
    {"^set vsys ", "paloalto_panos", 3},
    {"^set zone ", "paloalto_panos", 3},
    {"^set address ", "paloalto_panos", 3},
    {"^set address-group ", "paloalto_panos", 3},
    {"^set service-group ", "paloalto_panos", 3},
    {"^set tag ", "paloalto_panos", 3},
    {"^set profiles ", "paloalto_panos", 3},
    {"^set profile-group ", "paloalto_panos", 3},
    {"^set template ", "paloalto_panos", 3},
    {"^set application ", "paloalto_panos", 2},
    // SR Linux
    {"^set / ", "nokia_srlinux", 4},
    // Look-alikes: Check Point Gaia, Cisco CatOS, MikroTik RouterOS.
    {"^set interface ", kSetFamily, -4},
    {"^set hostname ", kSetFamily, -3},
    {"^set static-route ", kSetFamily, -4},
    {"^set installer ", kSetFamily, -4},
    {"^set spantree ", kSetFamily, -4},
    {"^set port ", kSetFamily, -3},
    {"~[ find ", kSetFamily, -4},
    {"^/interface", kSetFamily, -4},
    {"^/ip ", kSetFamily, -4},
});

constexpr std::string_view kBraceFamily = "juniper_junos vyos paloalto_panos";

constexpr auto kBraceEvidence = std::to_array<Marker>({
    // Junos
    {"~## Last commit: ", "juniper_junos", 4},
    {"~## Last changed: ", "juniper_junos", 4},
    {" family inet", "juniper_junos", 4},
    {" unit ", "juniper_junos", 3},
    {"^routing-options {", "juniper_junos", 4},
    {"^policy-options {", "juniper_junos", 4},
    {"^chassis {", "juniper_junos", 4},
    {"^routing-instances {", "juniper_junos", 4},
    {"^class-of-service {", "juniper_junos", 4},
    {"^forwarding-options {", "juniper_junos", 4},
    {"^event-options {", "juniper_junos", 4},
    {"^switch-options {", "juniper_junos", 4},
    {"^apply-groups ", "juniper_junos", 4},
    {"^groups {", "juniper_junos", 3},
    {"^vlans {", "juniper_junos", 3},
    {"^snmp {", "juniper_junos", 3},
    {"^security {", "juniper_junos", 2},
    {"^services {", "juniper_junos", 2},
    {" root-authentication {", "juniper_junos", 4},
    {" ge-", "juniper_junos", 3},
    {" xe-", "juniper_junos", 3},
    {" et-", "juniper_junos", 3},
    {" fxp0 {", "juniper_junos", 4},
    {" em0 {", "juniper_junos", 3},
    {" lo0 {", "juniper_junos", 3},
    {"~encrypted-password \"", "juniper_junos", 3},
    {"~RANCID-CONTENT-TYPE: juniper", "juniper_junos", 4},
    {"^interfaces {", "juniper_junos vyos", 1},
    {"^system {", "juniper_junos vyos", 1},
    {"^protocols {", "juniper_junos vyos", 1},
    {"^firewall {", "juniper_junos vyos", 1},
    // VyOS
    {"~// vyatta-config-version:", "vyos", 4},
    {"~/* === vyatta-config-version:", "vyos", 4},
    {"~// Release version:", "vyos", 4},
    {"~/* Release version:", "vyos", 4},
    {"~/* Warning: Do not remove the following line. */", "vyos", 4},
    {" ethernet eth", "vyos", 4},
    {" loopback lo", "vyos", 4},
    {" dummy dum", "vyos", 4},
    {" wireguard wg", "vyos", 4},
    {" bonding bond", "vyos", 4},
    {" config-management {", "vyos", 4},
    {" address dhcp", "vyos", 3},
    {"^service {", "vyos", 3},
    {"^high-availability {", "vyos", 4},
    {"^load-balancing {", "vyos", 3},
    {"^nat {", "vyos", 2},
    {"^vpn {", "vyos", 2},
    {"^policy {", "vyos", 2},
    // PAN-OS
    {"=config {", "paloalto_panos", 4},
    {" deviceconfig {", "paloalto_panos", 4},
    {"^deviceconfig {", "paloalto_panos", 4},
    {" mgt-config {", "paloalto_panos", 4},
    {" rulebase {", "paloalto_panos", 4},
    {" localhost.localdomain {", "paloalto_panos", 4},
    {" phash ", "paloalto_panos", 4},
    {" vsys {", "paloalto_panos", 3},
    {" virtual-router {", "paloalto_panos", 3},
    {" ethernet1/", "paloalto_panos", 3},
    {" shared {", "paloalto_panos", 2},
    // Look-alikes: F5 tmsh, Nokia SR OS, Check Point.
    {"~/Common/", kBraceFamily, -4},
    {"^ltm ", kBraceFamily, -4},
    {"^sys ", kBraceFamily, -4},
    {"^net ", kBraceFamily, -3},
    {"^#TMSH-VERSION", kBraceFamily, -4},
    {"^configure {", kBraceFamily, -4},
    {"~router \"Base\"", kBraceFamily, -4},
    {"^echo \"", kBraceFamily, -4},
    {"^exit all", kBraceFamily, -4},
});

constexpr std::string_view kXmlFamily = "juniper_junos paloalto_panos cisco_iosxr";

constexpr auto kXmlEvidence = std::to_array<Marker>({
    {"~<configuration", "juniper_junos", 3},
    {"~junos:", "juniper_junos", 4},
    {"~<routing-options>", "juniper_junos", 4},
    {"~<host-name>", "juniper_junos", 3},
    {"~<unit>", "juniper_junos", 3},
    {"~<family>", "juniper_junos", 3},
    {"~<rpc-reply", "juniper_junos", 1},
    {"~<interfaces>", "juniper_junos", 1},
    {"~<system>", "juniper_junos paloalto_panos", 1},
    {"~<config version=", "paloalto_panos", 4},
    {"~urldb=", "paloalto_panos", 4},
    {"~<deviceconfig>", "paloalto_panos", 4},
    {"~<mgt-config>", "paloalto_panos", 4},
    {"~<rulebase>", "paloalto_panos", 4},
    {"~<response status=", "paloalto_panos", 3},
    {"~<vsys>", "paloalto_panos", 3},
    {"~<devices>", "paloalto_panos", 2},
    {"~<entry name=", "paloalto_panos", 2},
    {"~<interface-configurations", "cisco_iosxr", 4},
    {"~Cisco-IOS-XR", "cisco_iosxr", 4},
    {"~RANCID-CONTENT-TYPE: juniper", "juniper_junos", 4},
    {"~RANCID-CONTENT-TYPE: paloalto", "paloalto_panos", 4},
    {"~<opnsense>", kXmlFamily, -4},
    {"~<pfsense>", kXmlFamily, -4},
});

constexpr auto kJsonEvidence = std::to_array<Marker>({
    {"~\"DEVICE_METADATA", "sonic", 4},
    {"~\"PORT|", "sonic", 4},
    {"~\"VLAN_MEMBER", "sonic", 4},
    {"~\"INTERFACE|", "sonic", 3},
    {"~\"BGP_NEIGHBOR", "sonic", 4},
    {"~\"LOOPBACK_INTERFACE", "sonic", 4},
    {"~\"PORTCHANNEL", "sonic", 4},
    {"~\"VLAN|", "sonic", 3},
    {"~\"ACL_TABLE", "sonic", 3},
    {"~\"configuration\"", "juniper_junos", 3},
    {"~\"Reservations\"", "aws", 4},
    {"~\"SecurityGroups\"", "aws", 4},
    {"~\"Vpcs\"", "aws", 4},
    {"~\"Subnets\"", "aws", 4},
    {"~Microsoft.Network", "azure", 4},
    {"~Microsoft.Compute", "azure", 4},
});

constexpr auto kYamlEvidence = std::to_array<Marker>({
    {"^- set:", "cumulus_nvue", 4},
    {"^- header:", "cumulus_nvue", 4},
    {"^network:", "netplan", 3},
    {"~ethernets:", "netplan", 2},
    {"~bonds:", "netplan", 1},
    {"^router_bgp:", "arista_avd", 4},
    {"^ethernet_interfaces:", "arista_avd", 4},
    {"^management_interfaces:", "arista_avd", 4},
    {"~srl_nokia", "nokia_srlinux", 4},
});

// A signal that takes more than a text to see (a shape of line), computed per line.
struct Signal {
  std::string_view name;
  VendorSet set;
  int weight;
};

constexpr Signal kPrefixAddress{"addresses written as A.B.C.D/N",
                                vendor_set("cisco_ios cisco_iosxe cisco_asa"), -3};
constexpr Signal kMaskAddress{"addresses written with a netmask",
                              vendor_set("cisco_nxos arista_eos frr"), -3};
constexpr Signal kVersionParen{"'version N.N(N)'", vendor_set("cisco_nxos"), 3};
constexpr Signal kFourPartName{"interface names rack/slot/module/port", vendor_set("cisco_iosxr"),
                               3};
constexpr Signal kUnterminatedLeaves{"brace leaves without ';'", vendor_set("vyos"), 2};
constexpr Signal kUnterminatedAgainst{"brace leaves without ';'",
                                      vendor_set("juniper_junos paloalto_panos"), -4};
constexpr Signal kTerminatedLeaves{"brace leaves ending in ';'", vendor_set("vyos"), -4};
constexpr Signal kSingleQuoted{"values in single quotes", vendor_set("vyos"), 2};
constexpr Signal kNumericBgp{"'set protocols bgp <AS>'", vendor_set("vyos"), 4};

std::string_view trim_blanks(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// "10.0.0.1/24": a dotted quad with a prefix length.
bool is_prefix(std::string_view word) {
  auto slash = word.find('/');
  return slash != std::string_view::npos && slash > 6 &&
         std::count(word.begin(), word.end(), '.') == 3 && slash + 1 < word.size() &&
         is_digit(word[slash + 1]) && is_digit(word.front());
}

bool is_dotted_quad(std::string_view word) {
  return word.size() >= 7 && is_digit(word.front()) &&
         std::count(word.begin(), word.end(), '.') == 3 &&
         word.find_first_not_of("0123456789.") == std::string_view::npos;
}

// The index-th word of `line` (0-based), or "": word_at("ip address 1 2", 2) is "1".
std::string_view word_at(std::string_view line, int index) {
  std::size_t pos = 0;
  for (int i = 0;; ++i) {
    pos = line.find_first_not_of(' ', pos);
    if (pos == std::string_view::npos) return {};
    std::size_t end = std::min(line.find(' ', pos), line.size());
    if (i == index) return line.substr(pos, end - pos);
    pos = end;
  }
}

// A table's line markers grouped by their text's first character, one index for unindented
// lines and one for indented ones, so that a line is compared only with the few markers
// that can match it.
// Up to the first 8 bytes of a text as one word, and the mask of the bytes it has: a line
// and a marker whose words differ under the marker's mask cannot match, and most do differ,
// so few comparisons go on to memcmp.
uint64_t prefix_word(std::string_view text) {
  uint64_t word = 0;
  std::memcpy(&word, text.data(), std::min<std::size_t>(8, text.size()));
  return word;
}

uint64_t prefix_mask(std::size_t size) {
  return size >= 8 ? ~uint64_t{0} : (uint64_t{1} << (8 * size)) - 1;
}

// The bucket of a line or a marker: its first byte, or for "set ..." the byte after "set "
// (a set file's lines all start alike, and so do most of its table's markers).
std::size_t bucket_key(std::string_view text) {
  if (text.size() > 4 && text.starts_with("set ")) return 256 + static_cast<unsigned char>(text[4]);
  return static_cast<unsigned char>(text.front());
}

std::vector<Vendor> candidates(std::span<const Marker> table);

struct IndexedTable {
  explicit IndexedTable(std::span<const Marker> table)
      : markers(table), vendors(candidates(table)) {
    for (std::size_t i = 0; i < table.size(); ++i) {
      const Marker& m = table[i];
      prefixes[i] = prefix_word(m.text);
      masks[i] = prefix_mask(m.text.size());
      std::size_t first = bucket_key(m.text);
      if (m.anchor == Anchor::kAnywhere) {
        anywhere.push_back(static_cast<uint16_t>(i));
        continue;
      }
      if (m.anchor != Anchor::kIndented) unindented[first].push_back(static_cast<uint16_t>(i));
      if (m.anchor != Anchor::kLineStart) indented[first].push_back(static_cast<uint16_t>(i));
    }
  }
  std::span<const Marker> markers;
  std::vector<Vendor> vendors;  // the vendors the table can name, in tie-breaking order
  std::array<std::vector<uint16_t>, 512> unindented;
  std::array<std::vector<uint16_t>, 512> indented;
  std::vector<uint16_t> anywhere;
  std::array<uint64_t, kMaxMarkers> prefixes{};
  std::array<uint64_t, kMaxMarkers> masks{};
};

// Markers that may stand anywhere in a line are looked for in the first 16 KiB only: they
// are headers ("RANCID-CONTENT-TYPE", an XML root's attributes) or words of lines that come
// early, and each is a pass over the text, where line markers share one.
constexpr std::size_t kAnywhereBytes = 16 * 1024;

// What one pass over the head found: which markers, which signals.
class Evidence {
 public:
  explicit Evidence(const IndexedTable& table) : table_(table), markers_(table.markers) {}

  void scan_anywhere(std::string_view head) {
    std::string_view start = head.substr(0, kAnywhereBytes);
    for (uint16_t i : table_.anywhere)
      hit_[i] = memmem(start.data(), start.size(), markers_[i].text.data(),
                       markers_[i].text.size()) != nullptr;
  }

  // Reads whole lines of `text`; may be called again with the text that follows.
  void scan_lines(std::string_view text, ConfigFormat format) {
    while (!text.empty()) {
      auto end = text.find('\n');
      line(text.substr(0, end), format, &shapes_);
      text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    }
    signal_count_ = 0;
    shapes_.conclude(this);
  }

  void add(const Signal& signal) {
    if (signal_count_ < signals_.size()) signals_[signal_count_++] = &signal;
  }

  // The score of each vendor, and the texts behind it.
  int score(Vendor vendor, std::string* shown) const {
    VendorSet bit = VendorSet{1} << static_cast<unsigned>(vendor);
    int total = 0;
    auto show = [&](std::string_view text, int weight) {
      if (shown) *shown += fmt::format("{}'{}' {:+d}", shown->empty() ? "" : ", ", text, weight);
    };
    for (std::size_t i = 0; i < markers_.size(); ++i)
      if (hit_[i] && (markers_[i].set & bit)) {
        total += markers_[i].weight;
        show(markers_[i].text, markers_[i].weight);
      }
    for (const Signal* s : std::span(signals_).first(signal_count_))
      if (s->set & bit) {
        total += s->weight;
        show(s->name, s->weight);
      }
    return total;
  }

 private:
  // Per-file counts behind the computed signals.
  struct LineShapes {
    int prefix_addresses = 0;
    int mask_addresses = 0;
    int version_paren = 0;
    int four_part_names = 0;
    int open_leaves = 0;    // brace lines that are neither '{', '}' nor end in ';'
    int closed_leaves = 0;  // brace lines ending in ';' (not '{', '}')
    int single_quoted = 0;
    int numeric_bgp = 0;

    void conclude(Evidence* e) const {
      if (prefix_addresses > 0) e->add(kPrefixAddress);
      if (mask_addresses > 0) e->add(kMaskAddress);
      if (version_paren > 0) e->add(kVersionParen);
      if (four_part_names > 0) e->add(kFourPartName);
      if (open_leaves >= 5 && closed_leaves == 0) {
        e->add(kUnterminatedLeaves);
        e->add(kUnterminatedAgainst);
      }
      if (closed_leaves >= 2) e->add(kTerminatedLeaves);
      if (single_quoted > 0) e->add(kSingleQuoted);
      if (numeric_bgp > 0) e->add(kNumericBgp);
    }
  };

  void line(std::string_view raw, ConfigFormat format, LineShapes* shapes) {
    std::string_view text = trim_blanks(raw);
    if (text.empty()) return;
    bool indented = raw.front() == ' ' || raw.front() == '\t';
    const auto& bucket = (indented ? table_.indented : table_.unindented)[bucket_key(text)];
    uint64_t line_word = bucket.empty() ? 0 : prefix_word(text);
    for (uint16_t i : bucket) {
      if (hit_[i] || (line_word & table_.masks[i]) != table_.prefixes[i]) continue;
      const Marker& m = markers_[i];
      hit_[i] = m.anchor == Anchor::kWholeLine ? text == m.text : text.starts_with(m.text);
    }
    if (format == ConfigFormat::kIosFamily) ios_shapes(text, indented, shapes);
    if (format == ConfigFormat::kBraces) brace_shapes(text, shapes);
    if (format == ConfigFormat::kSetCommands) set_shapes(text, shapes);
  }

  static void ios_shapes(std::string_view text, bool indented, LineShapes* shapes) {
    if (indented && text.starts_with("ip address ")) {
      std::string_view address = word_at(text, 2);
      shapes->prefix_addresses += is_prefix(address);
      shapes->mask_addresses += is_dotted_quad(address) && is_dotted_quad(word_at(text, 3));
    } else if (!indented && text.starts_with("ip route ")) {
      std::string_view prefix = word_at(text, 2);
      if (prefix == "vrf") prefix = word_at(text, 4);
      shapes->prefix_addresses += is_prefix(prefix);
      shapes->mask_addresses += is_dotted_quad(prefix) && is_dotted_quad(word_at(text, 3));
    } else if (!indented && text.starts_with("version ")) {
      std::string_view v = word_at(text, 1);
      shapes->version_paren += v.find('(') != std::string_view::npos;
    } else if (!indented && text.starts_with("interface ")) {
      std::string_view name = word_at(text, 1);
      shapes->four_part_names += std::count(name.begin(), name.end(), '/') == 3 &&
                                 std::isalpha(static_cast<unsigned char>(name.front()));
    }
  }

  static void brace_shapes(std::string_view text, LineShapes* shapes) {
    if (text.starts_with("/*") || text.starts_with("#") || text.starts_with("//")) return;
    char last = text.back();
    if (last == '{' || last == '}' || text.front() == '}') return;
    (last == ';' ? shapes->closed_leaves : shapes->open_leaves) += 1;
  }

  static void set_shapes(std::string_view text, LineShapes* shapes) {
    if (!text.starts_with("set ")) return;
    shapes->single_quoted += text.back() == '\'';
    if (text.starts_with("set protocols bgp "))
      shapes->numeric_bgp += is_digit(word_at(text, 3).front());
  }

  const IndexedTable& table_;
  std::span<const Marker> markers_;
  std::bitset<kMaxMarkers> hit_;
  LineShapes shapes_;
  std::array<const Signal*, 16> signals_{};  // LineShapes::conclude adds at most 9
  std::size_t signal_count_ = 0;
};

static_assert(kIosEvidence.size() <= kMaxMarkers && kSetEvidence.size() <= kMaxMarkers &&
              kBraceEvidence.size() <= kMaxMarkers);

const IndexedTable* evidence_table(ConfigFormat format) {
  static const IndexedTable ios(kIosEvidence), set(kSetEvidence), brace(kBraceEvidence),
      xml(kXmlEvidence), json(kJsonEvidence), yaml(kYamlEvidence);
  switch (format) {
    case ConfigFormat::kIosFamily:
      return &ios;
    case ConfigFormat::kSetCommands:
      return &set;
    case ConfigFormat::kBraces:
      return &brace;
    case ConfigFormat::kXml:
      return &xml;
    case ConfigFormat::kJson:
      return &json;
    case ConfigFormat::kYaml:
      return &yaml;
    default:
      return nullptr;
  }
}

// The vendors a table can name, in the order ties are broken (IOS before IOS-XE).
std::vector<Vendor> candidates(std::span<const Marker> table) {
  VendorSet all = 0;
  for (const Marker& m : table)
    if (m.weight > 0) all |= m.set;
  std::vector<Vendor> out;
  for (unsigned v = 1; v < 32; ++v)
    if (all & (VendorSet{1} << v)) out.push_back(static_cast<Vendor>(v));
  return out;
}

// Calibrated over ../shared/corpus (docs/detection.md): the share of files named with this
// much evidence whose vendor was right.
double calibrated_confidence(int score, int margin) {
  if (score >= 8 && margin >= 6) return 0.99;
  if (score >= 6 && margin >= 4) return 0.97;
  return 0.9;
}

}  // namespace

namespace {

struct Ranking {
  Vendor best = Vendor::kUnknown;
  int best_score = 0;
  Vendor runner_up = Vendor::kUnknown;
  int second = 0;

  bool decisive() const { return best_score >= 8 && best_score - second >= 6; }
};

bool ios_siblings(Vendor a, Vendor b) {
  auto ios = [](Vendor v) { return v == Vendor::kCiscoIos || v == Vendor::kCiscoIosxe; };
  return ios(a) && ios(b);
}

Ranking rank(const Evidence& evidence, const std::vector<Vendor>& vendors) {
  Ranking r;
  for (Vendor v : vendors) {
    int s = evidence.score(v, nullptr);
    // IOS-XE is named over IOS only on evidence of its own (a strictly higher score).
    if (s > r.best_score) {
      r.best = v;
      r.best_score = s;
    }
  }
  for (Vendor v : vendors) {
    if (v == r.best || ios_siblings(v, r.best)) continue;
    int s = evidence.score(v, nullptr);
    if (s > r.second) {
      r.second = s;
      r.runner_up = v;
    }
  }
  return r;
}

// Line markers are read in the first 16 KiB, and in the rest of the head only when that
// was not decisive: the evidence of a vendor stands at the top of its configs (banners,
// version lines, global commands before the interfaces), and reading 64 KiB of a large
// config for it doubled the cost of detection.
constexpr std::size_t kDecisiveBytes = 16 * 1024;

}  // namespace

VendorVerdict weigh_vendor_evidence(ConfigFormat format, std::string_view head) {
  const IndexedTable* table = evidence_table(format);
  if (!table) return {};
  Evidence evidence(*table);
  evidence.scan_anywhere(head);
  const std::vector<Vendor>& vendors = table->vendors;
  Ranking r;
  if (format == ConfigFormat::kXml || format == ConfigFormat::kJson) {
    r = rank(evidence, vendors);
  } else {
    std::size_t cut = head.size() <= kDecisiveBytes ? head.size() : head.find('\n', kDecisiveBytes);
    cut = cut == std::string_view::npos ? head.size() : cut;
    evidence.scan_lines(head.substr(0, cut), format);
    r = rank(evidence, vendors);
    if (cut < head.size() && !r.decisive()) {
      evidence.scan_lines(head.substr(cut), format);
      r = rank(evidence, vendors);
    }
  }
  VendorVerdict verdict;
  verdict.score = r.best_score;
  if (r.best == Vendor::kUnknown || r.best_score < kNamingScore) {
    verdict.reason = r.best == Vendor::kUnknown
                         ? "no vendor's evidence"
                         : fmt::format("too little evidence for a vendor ({} {})",
                                       enum_name(r.best), r.best_score);
    return verdict;
  }
  if (r.best_score - r.second < kNamingMargin) {
    verdict.reason = fmt::format("evidence for {} ({}) and {} ({}) too close to tell",
                                 enum_name(r.best), r.best_score, enum_name(r.runner_up), r.second);
    return verdict;
  }
  std::string shown;
  evidence.score(r.best, &shown);
  verdict.vendor = r.best;
  verdict.confidence = calibrated_confidence(r.best_score, r.best_score - r.second);
  verdict.reason = fmt::format("{}: {}", enum_name(r.best), shown);
  return verdict;
}

}  // namespace cfgsweep
