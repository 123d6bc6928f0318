#include "parse/yaml_block_parser.h"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "parse/yaml_parser.h"

using namespace cfgsweep;

// parse_block_yaml must build libyaml's tree exactly, lines and columns included, for
// everything it accepts, and accept nothing libyaml rejects. These tests compare the two on
// hand-written cases, on real files, and on thousands of generated and mutated documents.

namespace {

std::string dump(const ConfigTree& tree) {
  std::string out;
  std::vector<std::pair<int32_t, int>> stack{{ConfigTree::kRoot, 0}};
  while (!stack.empty()) {
    auto [index, depth] = stack.back();
    stack.pop_back();
    const ConfigNode& node = tree.node(index);
    if (index != ConfigTree::kRoot)
      out += fmt::format("{:{}}[{}] [{}] {}:{}\n", "", depth * 2, node.text, node.value, node.line,
                         node.column);
    std::vector<int32_t> children;
    for (int32_t child : tree.children(index)) children.push_back(child);
    for (auto it = children.rbegin(); it != children.rend(); ++it)
      stack.emplace_back(*it, depth + 1);
  }
  return out;
}

std::optional<std::string> fast(std::string_view yaml) {
  ConfigTree tree;
  if (!parse_block_yaml(yaml, &tree)) return std::nullopt;
  return dump(tree);
}

std::optional<std::string> libyaml(std::string_view yaml) {
  ParsedConfig parse;
  parse_yaml_with_libyaml(yaml, &parse);
  if (parse.fatal) return std::nullopt;
  return dump(parse.tree);
}

// True when the fast reader left the input to libyaml, or built libyaml's very tree.
bool agrees(std::string_view yaml) {
  std::optional<std::string> ours = fast(yaml);
  if (!ours) return true;
  std::optional<std::string> theirs = libyaml(yaml);
  if (ours == theirs) return true;
  MESSAGE("input:\n", yaml, "\nblock reader:\n", *ours, "\nlibyaml:\n",
          theirs ? *theirs : std::string("(error)"));
  return false;
}

void check_read_alike(std::string_view yaml) {
  REQUIRE(fast(yaml));
  CHECK(agrees(yaml));
}

// A random document of the subset and around it: nested mappings and sequences in every
// indentation style, scalars plain, quoted and in flow sequences, comments.
class DocumentGenerator {
 public:
  explicit DocumentGenerator(uint32_t seed) : random_(seed) {}

  std::string document() {
    std::string out = pick(4) == 0 ? "---\n" : "";
    std::size_t base = pick(5) == 0 ? 2 : 0;
    out += std::string(base, ' ');
    if (pick(3) == 0)
      sequence(&out, base, 0);
    else
      mapping(&out, base, 0);
    return out;
  }

  std::string mutate(std::string text) {
    static constexpr std::string_view kAlphabet = " -:#'\"[],{}&*!|>?%@\\\na0.\t/";
    int edits = 1 + pick(3);
    for (int i = 0; i < edits && !text.empty(); ++i) {
      std::size_t at = pick(static_cast<int>(text.size()));
      char c = kAlphabet[pick(static_cast<int>(kAlphabet.size()))];
      switch (pick(3)) {
        case 0:
          text[at] = c;
          break;
        case 1:
          text.insert(at, 1, c);
          break;
        default:
          text.erase(at, 1);
      }
    }
    return text;
  }

 private:
  int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(random_); }

  std::string scalar() {
    static const std::vector<std::string> kScalars = {
        "eth0",   "10.0.0.1/24", "fe80::1/64", "true",     "9000", "-1",
        "a b  c", "http://x/y",  "'quoted'",   "\"dq\"",   "''",   "\"\"",
        "a:b",    "x # note",    "v#w",        "'a # b'",  "null", "~",
        "a, b",   "a[1]",        "' :x'",      "\"a: b\"", "x  "};
    return kScalars[static_cast<std::size_t>(pick(static_cast<int>(kScalars.size())))];
  }

  std::string key() {
    static const std::vector<std::string> kKeys = {"name",    "addresses", "mtu", "k-1",
                                                   "'q k'",   "\"dq\"",    "a b", "10",
                                                   "fe80::1", "x.y",       "-k",  "key "};
    return kKeys[static_cast<std::size_t>(pick(static_cast<int>(kKeys.size())))];
  }

  std::string flow() {
    std::string out = "[";
    int items = pick(4);
    for (int i = 0; i < items; ++i) {
      std::string item = scalar();
      if (item.find('#') != std::string::npos) item = "x";
      out += (i ? ", " : pick(2) ? " " : "") + item;
    }
    return out + (pick(2) ? "]" : " ]");
  }

  std::string inline_value() {
    int kind = pick(7);
    if (kind == 0) return flow();
    if (kind == 1) return pick(2) ? "{}" : "{ }  # empty";
    return scalar() + (pick(5) == 0 ? "  # comment" : "");
  }

  void comment_maybe(std::string* out, std::size_t indent) {
    if (pick(8) == 0) *out += std::string(pick(2) ? indent : 0, ' ') + "# remark\n";
    if (pick(12) == 0) *out += "\n";
  }

  void mapping(std::string* out, std::size_t indent, int depth) {
    int entries = 1 + pick(4);
    for (int i = 0; i < entries; ++i) {
      if (i > 0) {
        comment_maybe(out, indent);
        *out += std::string(indent, ' ');
      }
      std::string k = key();
      *out += k + ":";
      if (depth < 4 && pick(3) == 0) {
        *out += pick(4) == 0 ? " # below\n" : "\n";
        std::size_t step = static_cast<std::size_t>(1 + pick(4));
        if (pick(3) == 0) {
          *out += std::string(indent, ' ');
          sequence(out, indent, depth + 1);  // "key:\n- a": at the key's own column
        } else {
          *out += std::string(indent + step, ' ');
          if (pick(3) == 0)
            sequence(out, indent + step, depth + 1);
          else
            mapping(out, indent + step, depth + 1);
        }
      } else if (pick(10) == 0) {
        *out += "\n";  // empty value
      } else if (pick(8) == 0) {
        block_scalar(out, indent);
      } else {
        *out += " " + inline_value() + "\n";
      }
    }
  }

  // "|" or "|-", then lines at some deeper column: text, "#" lines, blank lines, lines with
  // more indentation, lines of spaces only.
  void block_scalar(std::string* out, std::size_t indent) {
    static const std::vector<std::string> kHeaders = {" |", " |-", " | # banner", " |+", " >"};
    *out += kHeaders[static_cast<std::size_t>(pick(static_cast<int>(kHeaders.size())))] + "\n";
    std::size_t column = indent + 1 + static_cast<std::size_t>(pick(3));
    int lines = pick(5);
    for (int i = 0; i < lines; ++i) {
      switch (pick(6)) {
        case 0:
          *out += "\n";
          break;
        case 1:
          *out += std::string(column + static_cast<std::size_t>(pick(3)), ' ') + "\n";
          break;
        case 2:
          *out += std::string(column + 2, ' ') + "indented more\n";
          break;
        case 3:
          *out += std::string(column, ' ') + "##### welcome #####\n";
          break;
        default:
          *out += std::string(column, ' ') + "text: line " + std::to_string(i) + "\n";
      }
    }
  }

  void sequence(std::string* out, std::size_t indent, int depth) {
    int items = 1 + pick(4);
    for (int i = 0; i < items; ++i) {
      if (i > 0) {
        comment_maybe(out, indent);
        *out += std::string(indent, ' ');
      }
      std::size_t gap = static_cast<std::size_t>(1 + (pick(4) == 0));
      *out += "-" + std::string(gap, ' ');
      if (depth < 4 && pick(2) == 0)
        mapping(out, indent + 1 + gap, depth + 1);
      else
        *out += inline_value() + "\n";
    }
  }

  std::mt19937 random_;
};

}  // namespace

TEST_CASE("block YAML: netplan, NVUE and AVD shapes are read without libyaml, alike") {
  check_read_alike(
      "network:\n  version: 2\n  ethernets:\n    eno1:\n      addresses: [10.0.0.5/24, "
      "\"fe80::1/64\"]\n      mtu: 1500\n      routes:\n        - to: default\n"
      "          via: 10.0.0.1\n");
  check_read_alike(
      "- set:\n    interface:\n      swp1:\n        type: swp\n        link:\n"
      "          state: up\n    system:\n      hostname: leaf3  # from NVUE\n");
  check_read_alike(
      "---\nhostname: leaf1\nrouter_bgp:\n  as: '65101'\n  neighbors:\n  - ip_address: 10.0.0.1\n"
      "    peer_group: IPv4-UNDERLAY-PEERS\n    description: spine1_Ethernet1\n"
      "  - ip_address: 10.0.0.3\n    remote_as: '65001'\nvlans: []\nempty:\n"
      "\"quoted key\": 'single'\n");
  check_read_alike("  a: 1\n  b:\n    - x\n    -   y: 2\n        z: 3\n  c: done\n");
  check_read_alike("# only\n\n# comments\n");
}

TEST_CASE("block YAML: what it leaves to libyaml") {
  for (std::string_view yaml : {"a: &x 1\nb: *x\n",
                                "a: >\n  folded\n",
                                "a: |+\n  kept\n",
                                "a:\tb\n",
                                "a: b\r\n",
                                "a: \xc3\xa9t\xc3\xa9\n",
                                "a: 1\n---\nb: 2\n",
                                "a: \"tab\\there\"\n",
                                "a: 'it''s'\n",
                                "a: {b: 1}\n",
                                "a: [1,\n  2]\n",
                                "a: b\n  c\n",
                                "a: b: c\n",
                                "a: 1\n b: 2\n",
                                "- - x\n",
                                "-\n  a: 1\n",
                                "? complex\n: value\n",
                                "plain scalar\n",
                                "a: !tag v\n",
                                "a: [1, 2,]\n",
                                "%YAML 1.1\n---\na: 1\n"})
    CHECK_MESSAGE(!fast(yaml), yaml);
}

TEST_CASE("block YAML: generated and mutated documents read exactly as libyaml reads them") {
  DocumentGenerator generator(20261122);
  int accepted = 0, mutated_accepted = 0;
  constexpr int kDocuments = 4000;
  for (int i = 0; i < kDocuments; ++i) {
    std::string document = generator.document();
    accepted += fast(document).has_value();
    REQUIRE(agrees(document));
    for (int m = 0; m < 4; ++m) {
      std::string mutated = generator.mutate(document);
      mutated_accepted += fast(mutated).has_value();
      REQUIRE(agrees(mutated));
    }
  }
  MESSAGE(fmt::format("block reader took {} of {} generated and {} of {} mutated documents",
                      accepted, kDocuments, mutated_accepted, kDocuments * 4));
  CHECK(accepted > kDocuments / 2);  // the generator mostly writes the subset
}

TEST_CASE("block YAML: the real YAML files of the samples and the corpus read alike") {
  std::filesystem::path source = CFGSWEEP_SOURCE_DIR;
  int files = 0, accepted = 0;
  for (const auto& root : {source / "samples", source / ".." / "shared" / "corpus"}) {
    if (!std::filesystem::exists(root)) continue;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
      std::string extension = entry.path().extension().string();
      if (!entry.is_regular_file() || (extension != ".yaml" && extension != ".yml")) continue;
      std::ifstream in(entry.path(), std::ios::binary);
      std::stringstream text;
      text << in.rdbuf();
      ++files;
      accepted += fast(text.str()).has_value();
      CHECK_MESSAGE(agrees(text.str()), entry.path().string());
    }
  }
  MESSAGE(fmt::format("block reader took {} of {} real YAML files", accepted, files));
  CHECK(files > 0);
}
