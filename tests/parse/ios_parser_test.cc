#include "parse/ios_parser.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace cfgsweep;

namespace {
std::vector<std::string> child_texts(const ConfigTree& tree, int32_t node) {
  std::vector<std::string> texts;
  for (int32_t child : tree.children(node)) texts.emplace_back(tree.node(child).text);
  return texts;
}
}  // namespace

TEST_CASE("indentation builds parents and children, with line numbers") {
  ParsedConfig parse;
  parse_ios(
      "hostname r1\n!\ninterface Gi0/1\n description up\n ip address 10.0.0.1 255.0.0.0\n"
      "router bgp 1\n neighbor 1.1.1.1 remote-as 2\n address-family ipv4\n  network 10.0.0.0\n",
      &parse);
  const ConfigTree& tree = parse.tree;
  CHECK(child_texts(tree, ConfigTree::kRoot) ==
        std::vector<std::string>{"hostname r1", "interface Gi0/1", "router bgp 1"});
  int32_t interface = tree.node(ConfigTree::kRoot).first_child;
  interface = tree.node(interface).next_sibling;
  CHECK(tree.node(interface).line == 3);
  CHECK(child_texts(tree, interface) ==
        std::vector<std::string>{"description up", "ip address 10.0.0.1 255.0.0.0"});
  int32_t bgp = tree.node(interface).next_sibling;
  int32_t family = tree.node(tree.node(bgp).first_child).next_sibling;
  CHECK(tree.node(family).text == "address-family ipv4");
  CHECK(child_texts(tree, family) == std::vector<std::string>{"network 10.0.0.0"});
  CHECK(tree.node(tree.node(family).first_child).column == 3);
  CHECK(parse.line_count == 9);
}

TEST_CASE("preambles, comments, CRLF and trailing blanks are handled") {
  ParsedConfig parse;
  parse_ios(
      "Building configuration...\r\n\r\nCurrent configuration : 10 bytes\r\n!\r\n"
      "hostname r1   \r\ninterface Gi0/1\t\r\n !\r\n shutdown\r\nend\r\n",
      &parse);
  CHECK(child_texts(parse.tree, ConfigTree::kRoot) ==
        std::vector<std::string>{"hostname r1", "interface Gi0/1"});
  int32_t interface = parse.tree.node(parse.tree.node(0).first_child).next_sibling;
  CHECK(child_texts(parse.tree, interface) == std::vector<std::string>{"shutdown"});
}

TEST_CASE("a top-level '!' closes the open section") {
  ParsedConfig parse;
  parse_ios("interface Gi0/1\n shutdown\n!\n ip routing-ish indented orphan\n", &parse);
  CHECK(child_texts(parse.tree, ConfigTree::kRoot).size() == 2);
}

TEST_CASE("banners with ^C, single-character and EOF delimiters keep their text") {
  ParsedConfig parse;
  parse_ios(
      "banner motd ^C\ninterface fake\n text ^C\nbanner exec #one line#\n"
      "banner login %\nline a\n%\nbanner login\nEOS text\ninterface also fake\nEOF\n"
      "hostname after\n",
      &parse);
  const ConfigTree& tree = parse.tree;
  CHECK(child_texts(tree, ConfigTree::kRoot) ==
        std::vector<std::string>{"banner motd ^C", "banner exec #one line#", "banner login %",
                                 "banner login", "hostname after"});
  int32_t motd = tree.node(ConfigTree::kRoot).first_child;
  CHECK(child_texts(tree, motd) == std::vector<std::string>{"interface fake", " text ^C"});
  int32_t eos = tree.node(tree.node(tree.node(motd).next_sibling).next_sibling).next_sibling;
  CHECK(child_texts(tree, eos) == std::vector<std::string>{"EOS text", "interface also fake"});
  CHECK(parse.issues.empty());
}

TEST_CASE("an unterminated banner is a warning and its lines stay commands") {
  ParsedConfig parse;
  parse_ios("banner motd ^C\nhostname r1\ninterface Gi0/1\n", &parse);
  REQUIRE(parse.issues.size() == 1);
  CHECK(parse.issues[0].line == 1);
  CHECK(parse.issues[0].code == "unterminated_banner");
  CHECK(child_texts(parse.tree, ConfigTree::kRoot).size() == 3);
}

TEST_CASE("deep indentation needs no recursion") {
  std::string text;
  for (int depth = 0; depth < 5000; ++depth) text += std::string(depth, ' ') + "x\n";
  ParsedConfig parse;
  parse_ios(text, &parse);
  int32_t node = ConfigTree::kRoot;
  int depth = 0;
  while (parse.tree.node(node).first_child != ConfigTree::kNone) {
    node = parse.tree.node(node).first_child;
    ++depth;
  }
  CHECK(depth == 5000);
}

TEST_CASE("prompt lines, RANCID headers and macro blocks") {
  ParsedConfig parse;
  parse_ios(
      "!RANCID-CONTENT-TYPE: cisco\nr1#show running-config\nBuilding configuration...\n"
      "hostname r1\nmacro name EDGE\nswitchport mode access\nspanning-tree portfast\n@\n"
      "interface Gi0/1\n description x\t\nend\nr1#\n",
      &parse);
  const ConfigTree& tree = parse.tree;
  std::vector<std::string_view> top;
  for (int32_t c : tree.children(ConfigTree::kRoot)) top.push_back(tree.node(c).text);
  CHECK(top == std::vector<std::string_view>{"hostname r1", "macro name EDGE", "interface Gi0/1"});
  int32_t macro = tree.node(ConfigTree::kRoot).first_child;
  macro = tree.node(macro).next_sibling;
  int count = 0;
  for (int32_t c : tree.children(macro)) count += c > 0;
  CHECK(count == 2);
}
