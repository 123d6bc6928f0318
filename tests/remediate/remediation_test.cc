#include "remediate/remediation.h"

#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "remediate/config_lines.h"
#include "remediate/driver.h"

namespace cfgsweep {
namespace {

std::vector<std::string> commands_of(const std::string& platform, const std::string& running,
                                     const std::string& intended) {
  auto driver = builtin_driver(platform);
  REQUIRE(driver);
  auto from = read_config_lines(running, *driver);
  auto to = read_config_lines(intended, *driver);
  REQUIRE(from);
  REQUIRE(to);
  auto commands = remediate(*from, *to, *driver);
  // Every list converges, and so does the way back.
  CHECK(!first_difference(apply(*from, commands, *driver), *to, *driver));
  CHECK(!first_difference(apply(*to, remediate(*to, *from, *driver), *driver), *from, *driver));
  std::vector<std::string> texts;
  for (const RemediationCommand& c : commands) {
    std::string context;
    for (const std::string& section : c.context) context += section + " > ";
    texts.push_back(context + c.text);
  }
  return texts;
}

const std::string kHead = "version 15.2\nboot-start-marker\n";

TEST_CASE("cli: a one-per-key line is replaced, never negated and added") {
  CHECK(commands_of("ios", kHead + "hostname a\n", kHead + "hostname b\n") ==
        std::vector<std::string>{"hostname b"});
}

TEST_CASE("cli: a section that disappears is negated once") {
  CHECK(commands_of("ios", kHead + "interface Gi0/2\n description x\n shutdown\n", kHead) ==
        std::vector<std::string>{"no interface Gi0/2"});
}

TEST_CASE("cli: a negation's negation is the line itself, as one command") {
  CHECK(
      commands_of("ios", kHead + "interface Gi0/1\n shutdown\n no ip redirects\n",
                  kHead + "interface Gi0/1\n ip redirects\n no shutdown\n") ==
      std::vector<std::string>{"interface Gi0/1 > ip redirects", "interface Gi0/1 > no shutdown"});
}

TEST_CASE("cli: an ACL without sequence numbers is replaced whole; a numbered one entry by entry") {
  CHECK(commands_of(
            "ios", kHead + "ip access-list extended A\n permit ip any any\n",
            kHead + "ip access-list extended A\n deny ip host 1.1.1.1 any\n permit ip any any\n") ==
        std::vector<std::string>{"no ip access-list extended A", "ip access-list extended A",
                                 "ip access-list extended A > deny ip host 1.1.1.1 any",
                                 "ip access-list extended A > permit ip any any"});
  CHECK(commands_of("ios", kHead + "ip access-list extended A\n 10 permit ip any any\n",
                    kHead + "ip access-list extended A\n 10 deny ip any any\n") ==
        std::vector<std::string>{"ip access-list extended A > no 10",
                                 "ip access-list extended A > 10 deny ip any any"});
}

TEST_CASE("set: a removed subtree is deleted once, a single-valued leaf set over") {
  CHECK(commands_of("junos",
                    "set system host-name a\nset interfaces ge-0/0/1 unit 0 family inet address "
                    "10.0.0.1/24\n",
                    "set system host-name b\n") ==
        std::vector<std::string>{"delete interfaces", "set system host-name b"});
}

TEST_CASE("fortios: a setting replaced by set, removed by unset; an entry deleted in its block") {
  CHECK(commands_of("fortios",
                    "config system global\n    set hostname \"a\"\n    set timezone 04\nend\n"
                    "config firewall address\n    edit \"x\"\n        set subnet 10.0.0.0 "
                    "255.0.0.0\n    next\nend\n",
                    "config system global\n    set hostname \"b\"\nend\n") ==
        std::vector<std::string>{"config system global > set hostname \"b\"",
                                 "config system global > unset timezone",
                                 "config firewall address > delete \"x\""});
}

TEST_CASE("fortios: firewall policies are put in the intended order with move") {
  auto policy = [](const std::vector<int>& ids) {
    std::string text = "config firewall policy\n";
    for (int id : ids)
      text += "    edit " + std::to_string(id) + "\n        set action accept\n    next\n";
    return text + "end\n";
  };
  CHECK(commands_of("fortios", policy({1, 2, 3}), policy({2, 4, 1, 3})) ==
        std::vector<std::string>{"config firewall policy > edit 4",
                                 "config firewall policy > edit 4 > set action accept",
                                 "config firewall policy > move 2 before 1",
                                 "config firewall policy > move 4 after 2"});
}

TEST_CASE("a driver file: rules over its base's, mistakes with their place") {
  auto bad = load_driver_file("/nonexistent/driver.yaml");
  REQUIRE(!bad);
  CHECK(bad.error().status == ExitStatus::kUsage);
}

}  // namespace
}  // namespace cfgsweep
