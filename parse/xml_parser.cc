#include "parse/xml_parser.h"

#include <array>
#include <cstring>
#include <vector>

#include <fmt/format.h>
#include <pugixml.hpp>

#include "parse/line_index.h"
#include "parse/path_tree_builder.h"

namespace cfgsweep {

namespace {

bool is(const pugi::xml_node& node, std::string_view name) { return name == node.name(); }

// Junos lists whose element name the brace form leaves out: <interfaces><interface>
// <name>ge-0/0/0</name> is "interfaces { ge-0/0/0 {".
bool junos_hidden_keyword(std::string_view parent, std::string_view child) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 4> kHidden{{
      {"interfaces", "interface"},
      {"vlans", "vlan"},
      {"routing-instances", "instance"},
      {"bridge-domains", "domain"},
  }};
  for (const auto& [p, c] : kHidden)
    if (p == parent && c == child) return true;
  // Wrappers the brace form never shows, under any parent: syslog "host X { any notice; }"
  // is <contents><name>any</name><notice/></contents>; "autonomous-system 64500" is
  // <as-number>64500</as-number> inside <autonomous-system>.
  return child == "contents" || child == "as-number";
}

constexpr auto kJunosTopLevel = std::to_array<std::string_view>({
    "system",
    "interfaces",
    "protocols",
    "routing-options",
    "policy-options",
    "firewall",
    "security",
    "vlans",
    "snmp",
    "routing-instances",
    "groups",
    "chassis",
    "class-of-service",
    "applications",
    "services",
    "version",
});

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && std::strchr(" \t\r\n", s.front())) s.remove_prefix(1);
  while (!s.empty() && std::strchr(" \t\r\n", s.back())) s.remove_suffix(1);
  return s;
}

bool has_element_children(const pugi::xml_node& node, std::string_view except = {}) {
  for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling())
    if (child.type() == pugi::node_element && child.name() != except) return true;
  return false;
}

// Reduces a hierarchical vendor XML (Junos, PAN-OS) to word paths. Holds the path of the
// element being visited; each leaf adds the whole path from the root, because the keyword
// grouping of PathTreeBuilder may span elements (<family><inet> is "family inet").
class PathXmlWalker {
 public:
  enum class Dialect { kJunos, kPanos };

  PathXmlWalker(Dialect dialect, const LineIndex& lines, ParsedConfig* out)
      : dialect_(dialect), lines_(lines), out_(out), builder_(&out->tree, lines.line_count()) {}

  void walk_children_of(const pugi::xml_node& top) {
    struct Frame {
      pugi::xml_node node;
      std::size_t words_before;
    };
    std::vector<Frame> stack;
    for (pugi::xml_node child = top.last_child(); child; child = child.previous_sibling())
      stack.push_back({child, 0});
    while (!stack.empty() && !out_->fatal) {
      Frame frame = stack.back();
      stack.pop_back();
      words_.resize(frame.words_before);
      if (frame.node.type() != pugi::node_element || skipped(frame.node)) continue;
      bool container = visit(frame.node);
      if (!container) continue;
      if (words_.size() > static_cast<std::size_t>(kMaxNestingDepth)) {
        out_->fatal = ParseIssue{line_of(frame.node), "too_deep",
                                 fmt::format("nesting deeper than {} levels", kMaxNestingDepth)};
        return;
      }
      std::size_t here = words_.size();
      for (pugi::xml_node child = frame.node.last_child(); child; child = child.previous_sibling())
        if (child.type() == pugi::node_element && !is_key(child)) stack.push_back({child, here});
    }
  }

 private:
  bool skipped(const pugi::xml_node& node) const {
    std::string_view name = node.name();
    return name.starts_with("junos:") || name == "undocumented";
  }

  bool is_key(const pugi::xml_node& node) const {
    if (dialect_ == Dialect::kPanos) return false;
    std::string_view name = node.name();
    return name == "name" || name == "from-zone-name" || name == "to-zone-name";
  }

  uint32_t line_of(const pugi::xml_node& node) const {
    return lines_.line_of(static_cast<std::size_t>(std::max<ptrdiff_t>(node.offset_debug(), 0)));
  }

  PathWord word(const pugi::xml_node& node, std::string_view text) const {
    return {text, line_of(node), 0};
  }

  // Appends the element's words; adds its path when it is a leaf. True for a container
  // whose children still need visiting.
  bool visit(const pugi::xml_node& node) {
    if (dialect_ == Dialect::kPanos) return visit_panos(node);
    std::string_view name = node.name();
    pugi::xml_node parent = node.parent();
    pugi::xml_node from = node.child("from-zone-name");
    pugi::xml_node to = node.child("to-zone-name");
    if (from && to) {  // security policies: keyed by a zone pair
      words_.push_back(word(node, "from-zone"));
      words_.push_back(word(from, trimmed(from.child_value())));
      words_.push_back(word(node, "to-zone"));
      words_.push_back(word(to, trimmed(to.child_value())));
    } else {
      if (!junos_hidden_keyword(parent.name(), name)) words_.push_back(word(node, name));
      if (pugi::xml_node key = node.child("name"); key && !has_element_children(key))
        words_.push_back(word(key, trimmed(key.child_value())));
    }
    bool leaf = true;
    for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling())
      if (child.type() == pugi::node_element && !is_key(child) && !skipped(child)) leaf = false;
    if (leaf && !node.child("name") && !(from && to)) {
      std::string_view text = trimmed(node.child_value());
      if (!text.empty()) words_.push_back(word(node, text));
    }
    // A container gets its node from its leaves: adding it alone could cut the path in the
    // wrong place (<family> before <inet> is "family inet"). Flagged ones are added here.
    if (leaf || node.attribute("inactive") || node.attribute("protect"))
      apply_flags(node, builder_.add(ConfigTree::kRoot, words_));
    return !leaf;
  }

  bool visit_panos(const pugi::xml_node& node) {
    std::string_view name = node.name();
    if (name == "entry" || name == "member") {
      pugi::xml_attribute entry_name = node.attribute("name");
      std::string_view text = entry_name ? entry_name.value() : trimmed(node.child_value());
      bool wrapper = name == "entry" && (is(node.parent(), "devices") || is(node.parent(), "vsys"));
      if (!wrapper && !text.empty()) words_.push_back(word(node, text));
    } else if (name != "devices" && name != "vsys" && name != "config") {
      words_.push_back(word(node, name));
    }
    bool leaf = !has_element_children(node);
    if (leaf && name != "entry" && name != "member") {
      std::string_view text = trimmed(node.child_value());
      if (!text.empty()) words_.push_back(word(node, text));
    }
    if (!words_.empty()) builder_.add(ConfigTree::kRoot, words_);
    return !leaf;
  }

  void apply_flags(const pugi::xml_node& node, int32_t added) {
    if (added == ConfigTree::kRoot) return;
    if (node.attribute("inactive")) out_->tree.mutable_node(added).flags |= ConfigNode::kInactive;
    if (node.attribute("protect")) out_->tree.mutable_node(added).flags |= ConfigNode::kProtected;
  }

  Dialect dialect_;
  const LineIndex& lines_;
  ParsedConfig* out_;
  PathTreeBuilder builder_;
  std::vector<PathWord> words_;
};

// Any other XML: one node per element.
void build_element_tree(const pugi::xml_node& top, const LineIndex& lines, ParsedConfig* out) {
  struct Frame {
    pugi::xml_node node;
    int32_t parent;
    int depth;
  };
  std::vector<Frame> stack{{top, ConfigTree::kRoot, 0}};
  while (!stack.empty()) {
    Frame frame = stack.back();
    stack.pop_back();
    pugi::xml_node node = frame.node;
    auto offset = static_cast<std::size_t>(std::max<ptrdiff_t>(node.offset_debug(), 0));
    if (frame.depth > kMaxNestingDepth) {
      out->fatal = ParseIssue{lines.line_of(offset), "too_deep",
                              fmt::format("nesting deeper than {} levels", kMaxNestingDepth)};
      return;
    }
    std::string_view value = node.attribute("name").value();
    if (value.empty() && !has_element_children(node)) value = trimmed(node.child_value());
    int32_t index = out->tree.add_child(frame.parent, node.name(), value, lines.line_of(offset),
                                        lines.column_of(offset));
    for (pugi::xml_node child = node.last_child(); child; child = child.previous_sibling())
      if (child.type() == pugi::node_element) stack.push_back({child, index, frame.depth + 1});
  }
}

pugi::xml_node find_element(const pugi::xml_node& from, std::string_view name, int max_depth) {
  std::vector<std::pair<pugi::xml_node, int>> stack{{from, 0}};
  while (!stack.empty()) {
    auto [node, depth] = stack.back();
    stack.pop_back();
    if (node.type() == pugi::node_element && node.name() == name) return node;
    if (depth == max_depth) continue;
    for (pugi::xml_node child = node.last_child(); child; child = child.previous_sibling())
      if (child.type() == pugi::node_element) stack.push_back({child, depth + 1});
  }
  return {};
}

bool is_junos_fragment(const pugi::xml_node& root) {
  std::string_view name = root.name();
  for (std::string_view top : kJunosTopLevel)
    if (top == name) return true;
  return false;
}

std::string_view parse_error_text(pugi::xml_parse_status status) {
  switch (status) {
    case pugi::status_bad_start_element:
    case pugi::status_bad_end_element:
    case pugi::status_end_element_mismatch:
      return "mismatched or malformed element";
    case pugi::status_unrecognized_tag:
      return "unrecognised tag";
    case pugi::status_bad_attribute:
      return "malformed attribute";
    case pugi::status_no_document_element:
      return "no root element";
    default:
      return "malformed XML";
  }
}

}  // namespace

void parse_xml(std::string_view content, ParsedConfig* out) {
  auto document = std::make_shared<pugi::xml_document>();
  LineIndex lines(content);
  out->line_count = lines.line_count();
  // No parse_doctype: a DOCTYPE and its entity declarations are skipped, never expanded.
  pugi::xml_parse_result result = document->load_buffer(content.data(), content.size(),
                                                        pugi::parse_default, pugi::encoding_utf8);
  if (!result) {
    auto offset = static_cast<std::size_t>(std::max<ptrdiff_t>(result.offset, 0));
    out->fatal =
        ParseIssue{lines.line_of(std::min(offset, content.size())), "syntax",
                   fmt::format("XML: {} ({}) at column {}", parse_error_text(result.status),
                               result.description(), lines.column_of(offset))};
    return;
  }
  out->backing = document;
  pugi::xml_node root = document->document_element();
  if (pugi::xml_node junos = find_element(*document, "configuration", 3)) {
    PathXmlWalker(PathXmlWalker::Dialect::kJunos, lines, out).walk_children_of(junos);
  } else if (is_junos_fragment(root)) {
    PathXmlWalker(PathXmlWalker::Dialect::kJunos, lines, out).walk_children_of(*document);
  } else if (pugi::xml_node panos = find_element(*document, "config", 3);
             panos && panos.child("devices")) {
    PathXmlWalker(PathXmlWalker::Dialect::kPanos, lines, out).walk_children_of(panos);
  } else {
    build_element_tree(root, lines, out);
  }
}

}  // namespace cfgsweep
