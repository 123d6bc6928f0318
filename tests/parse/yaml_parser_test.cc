#include "parse/yaml_parser.h"

#include <doctest/doctest.h>

#include <string>

#include <fmt/format.h>

using namespace cfgsweep;

namespace {
std::string outline_of(std::string_view yaml) {
  ParsedConfig parse;
  parse_yaml(yaml, &parse);
  REQUIRE_FALSE(parse.fatal);
  return parse.tree.outline(true);
}
}  // namespace

TEST_CASE("mappings, sequences and scalars become nodes with their lines") {
  CHECK(outline_of(
            "network:\n  ethernets:\n    eno1:\n      addresses: [10.0.0.5/24, \"fe80::1/64\"]\n"
            "      mtu: 1500\n      routes:\n        - to: default\n          via: 10.0.0.1\n") ==
        "1\tnetwork\n2\t  ethernets\n3\t    eno1\n4\t      addresses\n4\t        - 10.0.0.5/24\n"
        "4\t        - fe80::1/64\n5\t      mtu 1500\n6\t      routes\n7\t        -\n"
        "7\t          to default\n8\t          via 10.0.0.1\n");
}

TEST_CASE("scalars keep their text: escapes decoded, non-ASCII intact, null as written") {
  CHECK(outline_of("a: \"tab\\there\"\nb: 'it''s'\nc: été\nd: null\ne:\nf: |\n  two\n  lines\n") ==
        "1\ta tab\there\n2\tb it's\n3\tc été\n4\td null\n5\te\n6\tf two\nlines\n\n");
}

TEST_CASE("aliases are copies of their anchor; collection keys show as '?'") {
  CHECK(
      outline_of("base: &b\n  mtu: 9000\n  vlan: 10\nport1: *b\nname: &n eth0\nport2: *n\n"
                 "*n : key-from-alias\n? [1, 2]\n: complex\n") ==
      "1\tbase\n2\t  mtu 9000\n3\t  vlan 10\n4\tport1\n2\t  mtu 9000\n3\t  vlan 10\n5\tname eth0\n"
      "6\tport2 eth0\n7\teth0 key-from-alias\n8\t? complex\n");
}

TEST_CASE("every document of a stream goes under the root") {
  CHECK(outline_of("---\na: 1\n---\n- x\n---\nplain scalar\n") == "2\ta 1\n4\t- x\n");
}

TEST_CASE("errors name their line: syntax, bad bytes, aliases without anchor, budget, depth") {
  auto fatal = [](std::string_view yaml) {
    ParsedConfig parse;
    parse_yaml(yaml, &parse);
    REQUIRE(parse.fatal);
    return parse.fatal->code + " " + std::to_string(parse.fatal->line);
  };
  CHECK(fatal("a: 1\nb: [1, 2\n") == "syntax 3");
  CHECK(fatal("a: 1\nb: \x1b\n") == "syntax 2");
  CHECK(fatal("a: 1\nb: *nowhere\n") == "syntax 2");
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  for (char c = 'b'; c <= 'j'; ++c)
    bomb += fmt::format("{}: &{} [*{}, *{}, *{}, *{}, *{}, *{}, *{}, *{}, *{}, *{}]\n", c, c,
                        char(c - 1), char(c - 1), char(c - 1), char(c - 1), char(c - 1),
                        char(c - 1), char(c - 1), char(c - 1), char(c - 1), char(c - 1));
  CHECK(fatal(bomb) == "expansion_limit 5");  // e: 11^4 nodes, past 4 * 450 + 100,000
  CHECK(fatal("a: " + std::string(100000, '[')) == "too_deep 1");
}
