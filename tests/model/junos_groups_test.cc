#include "model/junos_groups.h"

#include <doctest/doctest.h>

#include <string>

#include "parse/config_parser.h"
#include "parse/format_detect.h"

using namespace cfgsweep;

namespace {

// The set-form config with its groups applied, as `show --tree` would print it.
std::string applied(const std::string& config, std::size_t budget = 100000,
                    GroupInheritance* result = nullptr) {
  ParsedConfig parse;
  parse_config(ConfigFormat::kSetCommands, config, &parse);
  GroupInheritance inherited = apply_junos_groups(&parse.tree, budget);
  if (result) *result = inherited;
  // Only the configuration, not the group definitions.
  std::string outline = parse.tree.outline(true);
  std::string out;
  bool in_groups = false;
  for (std::size_t at = 0; at < outline.size();) {
    std::size_t end = outline.find('\n', at);
    std::string line = outline.substr(at, end - at);
    at = end + 1;
    std::string text = line.substr(line.find('\t') + 1);
    if (text[0] != ' ') in_groups = text == "groups";
    if (!in_groups) out += line + "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("apply-groups: local statements win, lists merge, patterns match names, lines kept") {
  CHECK(applied("set groups G system ntp server 10.0.0.1\n"       // 1
                "set groups G system host-name from-group\n"      // 2
                "set groups G interfaces <ge-*> mtu 9192\n"       // 3
                "set groups G interfaces <ge-*> description g\n"  // 4
                "set apply-groups G\n"                            // 5
                "set system host-name r1\n"                       // 6
                "set system ntp server 10.0.0.3\n"                // 7
                "set interfaces ge-0/0/0 description uplink\n"    // 8
                "set interfaces xe-0/0/1 unit 0\n") ==            // 9
        "5\tapply-groups\n"
        "5\t  G\n"
        "6\tsystem\n"
        "6\t  host-name r1\n"
        "7\t  ntp\n"
        "7\t    server 10.0.0.3\n"
        "1\t    server 10.0.0.1\n"
        "2\t  host-name from-group\n"  // a leaf with another value stands beside the local one
        "8\tinterfaces\n"
        "8\t  ge-0/0/0\n"
        "8\t    description uplink\n"
        "3\t    mtu 9192\n"
        "4\t    description g\n"
        "9\t  xe-0/0/1\n"
        "9\t    unit 0\n");
}

TEST_CASE("apply-groups at a level, apply-groups-except below it, chains, and cycles") {
  CHECK(applied("set groups A interfaces <*> mtu 1500\n"
                "set groups B interfaces <*> unit 0 apply-groups C\n"
                "set groups C interfaces <*> unit <*> family inet\n"
                "set groups LOOP apply-groups LOOP\n"
                "set groups LOOP system domain-name x\n"
                "set interfaces apply-groups A\n"
                "set interfaces apply-groups B\n"
                "set interfaces em0 description e\n"
                "set interfaces em1 apply-groups-except A\n"
                "set apply-groups LOOP\n") ==
        "6\tinterfaces\n"
        "6\t  apply-groups\n"
        "6\t    A\n"
        "7\t    B\n"
        "8\t  em0\n"
        "8\t    description e\n"
        "1\t    mtu 1500\n"
        "2\t    unit 0\n"
        "3\t      family inet\n"
        "9\t  em1\n"
        "9\t    apply-groups-except\n"
        "9\t      A\n"
        "2\t    unit 0\n"
        "3\t      family inet\n"
        "10\tapply-groups\n"
        "10\t  LOOP\n"
        "5\tsystem\n"
        "5\t  domain-name x\n");
}

TEST_CASE("apply-groups: a hostile config stops at the budget") {
  std::string config;
  for (int i = 0; i < 1000; ++i)
    config += "set groups G interfaces <*> unit " + std::to_string(i) + "\n";
  for (int i = 0; i < 1000; ++i)
    config += "set interfaces ge-0/0/" + std::to_string(i) + " mtu 1\n";
  config += "set apply-groups G\n";
  GroupInheritance result;
  applied(config, 5000, &result);
  CHECK(result.truncated);
  CHECK(result.nodes_added == 5000);
  applied("set groups G system ntp server 1.1.1.1\nset apply-groups G\n", 5000, &result);
  CHECK(!result.truncated);
  CHECK(result.nodes_added == 3);  // system, ntp, server: system is absent locally
}

// Groups that apply each other in a diamond (g0 applies g1 and h1, each of those g2 and h2,
// ...): applied once per level, the work stays linear. Each level doubled it (2^40 merges
// for this 3 KB config: the test never ended).
TEST_CASE("apply-groups: a diamond chain 40 levels deep is applied once per group") {
  std::string config;
  for (int i = 0; i < 40; ++i) {
    std::string next =
        i < 39 ? "apply-groups [ g" + std::to_string(i + 1) + " h" + std::to_string(i + 1) + " ]"
               : "system services ssh";
    config += "set groups g" + std::to_string(i) + " " + next + "\n";
    config += "set groups h" + std::to_string(i) + " " + next + "\n";
  }
  config += "set apply-groups [ g0 h0 ]\nset system host-name r1\n";
  GroupInheritance result;
  std::string tree = applied(config, 100000, &result);
  CHECK(!result.truncated);
  CHECK(result.nodes_added == 2);  // services, ssh
  CHECK(tree.find("services") != std::string::npos);
}

// A group whose wildcard matches what another group adds: reached a second time after that
// addition (in a diamond), it applies to the new node too.
TEST_CASE("apply-groups: a wildcard group reached again applies to nodes added in between") {
  std::string config =
      "set groups jumbo interfaces <ge-*> mtu 9000\n"
      "set groups add interfaces ge-0/0/1 description added\n"
      "set groups a apply-groups jumbo\n"
      "set groups b apply-groups [ add jumbo ]\n"
      "set interfaces ge-0/0/0 description local\n"
      "set apply-groups [ a b ]\n";
  std::string tree = applied(config);
  CAPTURE(tree);
  auto mtu_after = [&](std::string_view interface) {
    auto at = tree.find(interface);
    return at != std::string::npos && tree.find("mtu 9000", at) != std::string::npos &&
           tree.find("mtu 9000", at) < tree.find("ge-", at + interface.size());
  };
  CHECK(mtu_after("ge-0/0/0"));
  CHECK(mtu_after("ge-0/0/1"));
}
