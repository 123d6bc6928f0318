#include "workers/ios_model.h"

#include <doctest/doctest.h>

#include "workers/ios_parser.h"

using namespace cfgsweep;

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
  ParsedConfig parse;
  parse_ios(
      "hostname \"r 1\"\ninterface Gi0/1\n description to core\n ip address 10.0.0.1 "
      "255.255.255.0\n ip address 10.0.1.1 255.255.255.0 secondary\n shutdown\n"
      "interface Ethernet1/1\n  no switchport\n  vrf member RED\n  ip address 10.1.1.1/31\n"
      "  ipv6 address 2001:db8::1/64\n  mtu 9216\n  no shutdown\n"
      "interface Gi0/0/0/0\n ipv4 address 10.2.0.1 255.255.255.252\n"
      "interface Gi1/0/1\n switchport mode access\n",
      &parse);
  DeviceModel model = extract_ios_model(parse.tree);
  REQUIRE(model.hostname);
  CHECK(*model.hostname == "r 1");
  REQUIRE(model.interfaces.size() == 4);
  const InterfaceModel& ios = model.interfaces[0];
  CHECK(ios.name == "Gi0/1");
  CHECK(ios.line == 2);
  CHECK(ios.description == std::string_view("to core"));
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
