#include <doctest/doctest.h>

#include "model/device_model.h"
#include "model/model_extractor.h"
#include "parse/config_parser.h"

using namespace cfgsweep;

namespace {

// Detects, parses and extracts like a worker does; the coverage is returned through `out`.
DeviceModel model_of(std::string_view text, ParsedConfig* parsed) {
  Detection detection = detect_format(text);
  parse_config(detection.format, text, parsed);
  ModelCoverage coverage(parsed->tree);
  return extract_model(detection, *parsed, {}, &coverage);
}

DeviceModel model_of(std::string_view text) {
  ParsedConfig parsed;
  return model_of(text, &parsed);
}

}  // namespace

TEST_CASE("netmasks convert to prefix lengths, and non-masks are refused") {
  CHECK(netmask_prefix_length("255.255.255.0") == 24);
  CHECK(netmask_prefix_length("255.255.255.255") == 32);
  CHECK(netmask_prefix_length("0.0.0.0") == 0);
  CHECK(netmask_prefix_length("255.255.254.0") == 23);
  CHECK_FALSE(netmask_prefix_length("0.0.0.255"));  // a wildcard, not a mask
  CHECK_FALSE(netmask_prefix_length("255.0.255.0"));
  CHECK_FALSE(netmask_prefix_length("255.255.255"));
  CHECK_FALSE(netmask_prefix_length("255.255.255.256"));
}

TEST_CASE("hostname and interfaces from IOS, NX-OS and IOS-XR syntax") {
  DeviceModel model = model_of(
      "hostname \"r 1\"\ninterface Gi0/1\n description to core\n ip address 10.0.0.1 "
      "255.255.255.0\n ip address 10.0.1.1 255.255.255.0 secondary\n shutdown\n"
      "interface Ethernet1/1\n  no switchport\n  vrf member RED\n  ip address 10.1.1.1/31\n"
      "  ipv6 address 2001:db8::1/64\n  mtu 9216\n  no shutdown\n"
      "interface Gi0/0/0/0\n ipv4 address 10.2.0.1 255.255.255.252\n"
      "interface Gi1/0/1\n switchport mode access\n");
  REQUIRE(model.hostname);
  CHECK(*model.hostname == "r 1");
  REQUIRE(model.interfaces.size() == 4);
  const InterfaceModel& ios = model.interfaces[0];
  CHECK(ios.name == "Gi0/1");
  CHECK(ios.line == 2);
  CHECK(ios.normalized_name == "GigabitEthernet0/1");
  CHECK(ios.description == std::string("to core"));
  CHECK(ios.ipv4 == std::vector<std::string>{"10.0.0.1/24", "10.0.1.1/24"});
  CHECK_FALSE(ios.enabled);
  const InterfaceModel& nxos = model.interfaces[1];
  CHECK(nxos.mode == "routed");
  CHECK(nxos.vrf == "RED");
  CHECK(nxos.ipv4 == std::vector<std::string>{"10.1.1.1/31"});
  CHECK(nxos.ipv6 == std::vector<std::string>{"2001:db8::1/64"});
  CHECK(nxos.mtu == 9216u);
  CHECK(nxos.enabled);
  CHECK(model.interfaces[2].ipv4 == std::vector<std::string>{"10.2.0.1/30"});
  CHECK(model.interfaces[3].mode == "access");
}

TEST_CASE("IOS services: BGP, OSPF, ACLs, users, NTP, SNMP redacted, syslog, AAA, DNS, banner") {
  DeviceModel m = model_of(
      "hostname r1\nip domain-name example.net\nip name-server 10.0.0.53 10.0.0.54\n"
      "vlan 10\n name USERS\n"
      "interface Gi0/2\n switchport access vlan 10\n channel-group 5 mode active\n"
      "router bgp 65000\n bgp router-id 1.1.1.1\n neighbor 10.0.0.2 remote-as 65001\n"
      " neighbor 10.0.0.2 description upstream\n neighbor PG peer-group\n"
      "router ospf 1\n router-id 1.1.1.1\n network 10.0.0.0 0.0.0.255 area 0\n"
      "ip access-list extended EDGE\n permit tcp any any eq 22\n deny ip any any\n"
      "username admin privilege 15 secret 5 $1$abc$def\n"
      "ntp server 10.0.0.123\nsnmp-server community s3cret RO\nlogging host 10.0.0.9\n"
      "tacacs-server host 10.0.0.49\nip route 0.0.0.0 0.0.0.0 10.0.0.1\n"
      "banner motd ^C\nAuthorised access only\n^C\n");
  CHECK(m.domain == "example.net");
  CHECK(m.dns_servers.size() == 2);
  REQUIRE(m.vlans.size() == 1);
  CHECK(m.vlans[0].name == "USERS");
  CHECK(m.interfaces[0].access_vlan == 10u);
  CHECK(m.interfaces[0].lag == "Port-channel5");
  REQUIRE(m.bgp);
  CHECK(m.bgp->local_as == "65000");
  CHECK(m.bgp->router_id == "1.1.1.1");
  REQUIRE(m.bgp->neighbors.size() == 1);
  CHECK(m.bgp->neighbors[0].remote_as == "65001");
  CHECK(m.bgp->neighbors[0].description == "upstream");
  CHECK(m.bgp->peer_groups == std::vector<std::string>{"PG"});
  REQUIRE(m.ospf.size() == 1);
  CHECK(m.ospf[0].areas[0].networks == std::vector<std::string>{"10.0.0.0/24"});
  REQUIRE(m.acls.size() == 1);
  CHECK(m.acls[0].entries.size() == 2);
  REQUIRE(m.users.size() == 1);
  CHECK(m.users[0].privilege == 15);
  CHECK(m.users[0].hash_type == "md5-crypt");
  CHECK(m.ntp_servers[0].address == "10.0.0.123");
  REQUIRE(m.snmp.communities.size() == 1);
  CHECK(m.snmp.communities[0].name == "<redacted>");
  CHECK(m.snmp.communities[0].access == "ro");
  CHECK(m.syslog_servers[0].address == "10.0.0.9");
  CHECK(m.aaa_servers[0].protocol == "tacacs");
  CHECK(m.static_routes[0].prefix == "0.0.0.0/0");
  REQUIRE(m.banners.size() == 1);
  CHECK(m.banners[0].text == "Authorised access only");
}

TEST_CASE("Junos brace, set and XML forms give the same model") {
  const char* brace =
      "system {\n  host-name j1;\n  name-server {\n    10.0.0.53;\n  }\n  ntp {\n"
      "    server 10.0.0.123;\n  }\n}\ninterfaces {\n  ge-0/0/0 {\n    description \"to core\";\n"
      "    unit 0 {\n      family inet {\n        address 10.0.0.1/24;\n      }\n    }\n  }\n"
      "  inactive: ge-0/0/1 {\n    disable;\n  }\n}\nprotocols {\n  bgp {\n    group EXT {\n"
      "      peer-as 65001;\n      neighbor 10.0.0.2 {\n        description isp;\n      }\n"
      "    }\n  }\n}\nrouting-options {\n  autonomous-system 65000;\n  static {\n"
      "    route 0.0.0.0/0 next-hop 10.0.0.254;\n  }\n}\n";
  const char* set =
      "set system host-name j1\nset system name-server 10.0.0.53\n"
      "set system ntp server 10.0.0.123\nset interfaces ge-0/0/0 description \"to core\"\n"
      "set interfaces ge-0/0/0 unit 0 family inet address 10.0.0.1/24\n"
      "set interfaces ge-0/0/1 disable\ndeactivate interfaces ge-0/0/1\n"
      "set protocols bgp group EXT peer-as 65001\n"
      "set protocols bgp group EXT neighbor 10.0.0.2 description isp\n"
      "set routing-options autonomous-system 65000\n"
      "set routing-options static route 0.0.0.0/0 next-hop 10.0.0.254\n";
  const char* xml =
      "<rpc-reply><configuration><system><host-name>j1</host-name><name-server><name>10.0.0.53"
      "</name></name-server><ntp><server><name>10.0.0.123</name></server></ntp></system>"
      "<interfaces><interface><name>ge-0/0/0</name><description>to core</description><unit>"
      "<name>0</name><family><inet><address><name>10.0.0.1/24</name></address></inet></family>"
      "</unit></interface><interface inactive=\"inactive\"><name>ge-0/0/1</name><disable/>"
      "</interface></interfaces><protocols><bgp><group><name>EXT</name><peer-as>65001</peer-as>"
      "<neighbor><name>10.0.0.2</name><description>isp</description></neighbor></group></bgp>"
      "</protocols><routing-options><autonomous-system>65000</autonomous-system><static><route>"
      "<name>0.0.0.0/0</name><next-hop>10.0.0.254</next-hop></route></static></routing-options>"
      "</configuration></rpc-reply>";
  ParsedConfig a, b, c;
  DeviceModel from_brace = model_of(brace, &a);
  DeviceModel from_set = model_of(set, &b);
  DeviceModel from_xml = model_of(xml, &c);
  CHECK(a.tree.outline() == b.tree.outline());
  CHECK(a.tree.outline() == c.tree.outline());
  CHECK(a.tree.outline().find("ge-0/0/1 [inactive]") != std::string::npos);
  for (const DeviceModel* m : {&from_brace, &from_set, &from_xml}) {
    CHECK(m->hostname == std::string("j1"));
    CHECK(m->dns_servers.size() == 1);
    CHECK(m->ntp_servers.size() == 1);
    REQUIRE(m->interfaces.size() == 3);
    CHECK(m->interfaces[0].description == std::string("to core"));
    CHECK(m->interfaces[1].name == "ge-0/0/0.0");
    CHECK(m->interfaces[1].ipv4 == std::vector<std::string>{"10.0.0.1/24"});
    CHECK_FALSE(m->interfaces[2].enabled);
    REQUIRE(m->bgp);
    CHECK(m->bgp->local_as == "65000");
    REQUIRE(m->bgp->neighbors.size() == 1);
    CHECK(m->bgp->neighbors[0].remote_as == "65001");
    CHECK(m->bgp->neighbors[0].description == "isp");
    REQUIRE(m->static_routes.size() == 1);
    CHECK(m->static_routes[0].next_hop == "10.0.0.254");
  }
}

TEST_CASE("FortiOS, ifupdown, netplan and NVUE interfaces") {
  DeviceModel forti = model_of(
      "config system global\n    set hostname \"fw1\"\nend\nconfig system interface\n"
      "    edit \"port1\"\n        set ip 10.0.0.1 255.255.255.0\n        set alias \"wan\"\n"
      "        set status down\n    next\nend\nconfig router static\n    edit 1\n"
      "        set gateway 10.0.0.254\n    next\nend\n");
  CHECK(forti.hostname == std::string("fw1"));
  REQUIRE(forti.interfaces.size() == 1);
  CHECK(forti.interfaces[0].ipv4 == std::vector<std::string>{"10.0.0.1/24"});
  CHECK(forti.interfaces[0].description == std::string("wan"));
  CHECK_FALSE(forti.interfaces[0].enabled);
  REQUIRE(forti.static_routes.size() == 1);
  CHECK(forti.static_routes[0].prefix == "0.0.0.0/0");

  DeviceModel ifupdown = model_of(
      "auto swp1\niface swp1\n    address 10.1.0.1/31\n    mtu 9216\n"
      "auto bond0\niface bond0\n    bond-slaves swp2 swp3\n    bridge-vids 10 20\n");
  REQUIRE(ifupdown.interfaces.size() == 4);
  CHECK(ifupdown.interfaces[0].ipv4 == std::vector<std::string>{"10.1.0.1/31"});
  CHECK(ifupdown.interfaces[0].mtu == 9216u);
  CHECK(ifupdown.interfaces[2].lag == "bond0");
  CHECK(ifupdown.interfaces[1].allowed_vlans == "10,20");

  DeviceModel netplan = model_of(
      "network:\n  version: 2\n  ethernets:\n    eth0:\n      addresses: [10.2.0.5/24]\n"
      "      mtu: 1500\n      nameservers:\n        addresses: [10.2.0.53]\n");
  REQUIRE(netplan.interfaces.size() == 1);
  CHECK(netplan.interfaces[0].ipv4 == std::vector<std::string>{"10.2.0.5/24"});
  CHECK(netplan.dns_servers.size() == 1);

  DeviceModel nvue = model_of(
      "- set:\n    system:\n      hostname: leaf1\n    interface:\n      swp1:\n"
      "        ip:\n          address:\n            10.3.0.1/31: {}\n");
  CHECK(nvue.hostname == std::string("leaf1"));
  REQUIRE(nvue.interfaces.size() == 1);
  CHECK(nvue.interfaces[0].ipv4 == std::vector<std::string>{"10.3.0.1/31"});
}

// "vlan 1-4094" adds 4094 VLANs; each later mention of one is an index lookup. A config
// repeating the range was quadratic (each id searched the list).
TEST_CASE("IOS VLAN ranges: every id once, names on the first of the line") {
  std::string config = "hostname sw\nvlan 10\n name users\nvlan 20\nvlan 10,30\n name voice\n";
  for (int i = 0; i < 300; ++i) config += "vlan 1-4094\n";
  DeviceModel model = model_of(config);
  REQUIRE(model.vlans.size() == 4094);
  CHECK(model.vlans[0].id == 10);
  CHECK(model.vlans[0].name == "voice");  // 10 is the first of "vlan 10,30"
  CHECK(model.vlans[1].id == 20);
  CHECK(model.vlans[1].name == "");  // the name went to the last VLAN added before
  CHECK(model.vlans.back().id == 4094);
}
