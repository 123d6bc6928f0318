#include "parse/yaml_parser.h"

#include <algorithm>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>
#include <yaml.h>

#include "parse/yaml_block_parser.h"

namespace cfgsweep {

namespace {

// A real YAML file makes a few nodes per line; a file whose aliases multiply it past this
// is hostile or broken.
std::size_t node_budget(std::size_t input_bytes) { return input_bytes * 4 + 100000; }

// Where a token starts, 0-based as libyaml counts.
struct Mark {
  std::size_t line = 0;
  std::size_t column = 0;
};

Mark mark_of(const yaml_mark_t& mark) { return Mark{mark.line, mark.column}; }

// Builds the tree from libyaml's event stream, one event at a time: no document graph is
// built first (yaml-cpp's node graph made YAML ten times slower than the other formats,
// and libyaml's events come twice as fast as libfyaml's once their text is read).
class YamlEventBuilder {
 public:
  YamlEventBuilder(std::string_view content, ParsedConfig* out)
      : content_(content), out_(out), budget_(node_budget(content.size())) {}

  void run() {
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
      out_->fatal = ParseIssue{0, "syntax", "YAML: the parser could not start"};
      return;
    }
    yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char*>(content_.data()),
                                 content_.size());
    yaml_event_t event;
    while (!out_->fatal) {
      if (!yaml_parser_parse(&parser, &event)) {
        report_syntax_error(parser);
        break;
      }
      bool end = event.type == YAML_STREAM_END_EVENT;
      on_event(event);
      yaml_event_delete(&event);
      if (end) break;
    }
    yaml_parser_delete(&parser);
  }

 private:
  // A mapping or sequence being read, and where its next entry stands.
  struct Open {
    int32_t node;
    bool mapping;
    bool expect_key = true;  // mappings alternate key, value
    std::string_view key;
    Mark key_mark;
  };
  // What an anchor names: a node of the tree, or the text of a key (keys are not nodes).
  struct Anchor {
    int32_t node = ConfigTree::kNone;
    std::string_view text;  // of a scalar, for an alias used as a key
  };

  void on_event(const yaml_event_t& event) {
    Mark mark = mark_of(event.start_mark);
    switch (event.type) {
      case YAML_DOCUMENT_START_EVENT:
        open_.clear();
        skipped_key_depth_ = 0;
        return;
      case YAML_MAPPING_START_EVENT:
        return start_collection(true, mark, text_of(event.data.mapping_start.anchor));
      case YAML_SEQUENCE_START_EVENT:
        return start_collection(false, mark, text_of(event.data.sequence_start.anchor));
      case YAML_MAPPING_END_EVENT:
      case YAML_SEQUENCE_END_EVENT:
        return end_collection();
      case YAML_SCALAR_EVENT:
        return scalar(event, mark);
      case YAML_ALIAS_EVENT:
        return alias(text_of(event.data.alias.anchor), mark);
      default:
        return;
    }
  }

  void start_collection(bool mapping, const Mark& mark, std::string_view anchor) {
    if (skipped_key_depth_ > 0 ||
        (!open_.empty() && open_.back().mapping && open_.back().expect_key)) {
      if (skipped_key_depth_++ == 0) skipped_key_mark_ = mark;  // a collection used as a key
      return;
    }
    int32_t node = ConfigTree::kRoot;  // the document's own collection is the root
    if (!open_.empty()) {
      if (static_cast<int>(open_.size()) >= kMaxNestingDepth) {
        fail(mark, "too_deep", fmt::format("nesting deeper than {} levels", kMaxNestingDepth));
        return;
      }
      node = add_entry("", mark);
      if (node == ConfigTree::kNone) return;
    }
    remember(anchor, Anchor{node, {}});
    open_.push_back(Open{node, mapping, true, {}, {}});
  }

  void end_collection() {
    if (skipped_key_depth_ > 0) {
      if (--skipped_key_depth_ == 0) take_key("?", skipped_key_mark_);
      return;
    }
    if (!open_.empty()) open_.pop_back();
  }

  void scalar(const yaml_event_t& event, const Mark& mark) {
    if (skipped_key_depth_ > 0 || open_.empty()) return;  // a key's insides; a bare document
    std::string_view value = value_of(event);
    std::string_view anchor = text_of(event.data.scalar.anchor);
    if (open_.back().mapping && open_.back().expect_key) {
      remember(anchor, Anchor{ConfigTree::kNone, value});
      take_key(value, mark);
      return;
    }
    int32_t node = add_entry(value, mark);
    if (node != ConfigTree::kNone) remember(anchor, Anchor{node, value});
  }

  void alias(std::string_view anchor, const Mark& mark) {
    if (skipped_key_depth_ > 0 || open_.empty()) return;
    auto it = anchors_.find(std::string(anchor));
    const Anchor* target = it == anchors_.end() ? nullptr : &it->second;
    if (open_.back().mapping && open_.back().expect_key) {
      bool scalar = target && (target->node == ConfigTree::kNone ||
                               out_->tree.node(target->node).first_child == ConfigTree::kNone);
      take_key(scalar ? target->text : "?", mark);
      return;
    }
    if (!target) {
      fail(mark, "syntax", fmt::format("YAML: alias '*{}' names no anchor", anchor));
      return;
    }
    if (target->node == ConfigTree::kNone) {
      add_entry(target->text, mark);
      return;
    }
    int32_t source = target->node;
    int32_t copy = add_entry(out_->tree.node(source).value, mark);
    if (copy != ConfigTree::kNone) copy_children(source, copy, mark);
  }

  // Adds the next entry of the innermost open collection: the pending key's node in a
  // mapping, a "-" node in a sequence. kNone when the budget is spent.
  int32_t add_entry(std::string_view value, const Mark& mark) {
    Open& at = open_.back();
    if (!within_budget(mark)) return ConfigTree::kNone;
    const Mark& where = at.mapping ? at.key_mark : mark;
    int32_t node = out_->tree.add_child(at.node, at.mapping ? at.key : "-", value, line_of(where),
                                        static_cast<uint32_t>(where.column + 1));
    at.expect_key = true;
    return node;
  }

  void take_key(std::string_view key, const Mark& mark) {
    Open& at = open_.back();
    at.key = key;
    at.key_mark = mark;
    at.expect_key = false;
  }

  // An alias is read as a copy of what its anchor names, so queries and the model see it
  // like any other entry; the node budget bounds how far copies of copies can multiply.
  void copy_children(int32_t source, int32_t copy, const Mark& mark) {
    std::vector<std::pair<int32_t, int32_t>> stack;  // (source node, its copy)
    stack.emplace_back(source, copy);
    while (!stack.empty()) {
      auto [from, to] = stack.back();
      stack.pop_back();
      std::size_t first = stack.size();
      for (int32_t child : out_->tree.children(from)) {
        if (!within_budget(mark)) return;
        const ConfigNode& n = out_->tree.node(child);
        stack.emplace_back(child, out_->tree.add_child(to, n.text, n.value, n.line, n.column));
      }
      std::reverse(stack.begin() + static_cast<std::ptrdiff_t>(first), stack.end());
    }
  }

  bool within_budget(const Mark& mark) {
    if (out_->tree.size() < budget_) return true;
    fail(mark, "expansion_limit",
         fmt::format("the document expands to more than {} nodes (aliases?)", budget_));
    return false;
  }

  void remember(std::string_view anchor, Anchor what) {
    if (!anchor.empty()) anchors_[std::string(anchor)] = what;
  }

  static std::string_view text_of(const yaml_char_t* text) {
    return text ? std::string_view(reinterpret_cast<const char*>(text)) : std::string_view{};
  }

  // The scalar as a view into the input when the input holds it verbatim at its mark (plain
  // and quoted scalars without escapes: most of a config), else a copy the tree keeps, since
  // libyaml frees the event's copy. Marks count characters, so after a multi-byte character
  // the comparison fails and the value is copied: never wrong, only slower.
  std::string_view value_of(const yaml_event_t& event) {
    std::string_view value(reinterpret_cast<const char*>(event.data.scalar.value),
                           event.data.scalar.length);
    std::size_t at = event.start_mark.index;
    if (event.data.scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
        event.data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE)
      ++at;
    if (at <= content_.size() && content_.substr(at, value.size()) == value)
      return content_.substr(at, value.size());
    return out_->tree.own(std::string(value));
  }

  static uint32_t line_of(const Mark& mark) { return static_cast<uint32_t>(mark.line + 1); }

  void fail(const Mark& mark, std::string code, std::string message) {
    out_->fatal = ParseIssue{line_of(mark), std::move(code), std::move(message)};
  }

  void report_syntax_error(const yaml_parser_t& parser) {
    std::string message = parser.problem ? parser.problem : "invalid document";
    if (parser.context) message = fmt::format("{} {}", parser.context, message);
    Mark mark = mark_of(parser.problem_mark);
    if (parser.error == YAML_READER_ERROR) {  // bad bytes: libyaml gives an offset, no mark
      std::string_view before =
          content_.substr(0, std::min(parser.problem_offset, content_.size()));
      mark.line = static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n'));
    }
    fail(mark, "syntax", fmt::format("YAML: {}", message));
  }

  std::string_view content_;
  ParsedConfig* out_;
  std::size_t budget_;
  std::vector<Open> open_;
  int skipped_key_depth_ = 0;  // > 0 inside a mapping or sequence used as a key: shown as "?"
  Mark skipped_key_mark_;
  std::unordered_map<std::string, Anchor> anchors_;
};

}  // namespace

namespace {
void count_lines(std::string_view content, ParsedConfig* out) {
  uint32_t lines = 0;
  for (char c : content) lines += c == '\n';
  out->line_count = lines + (!content.empty() && content.back() != '\n' ? 1 : 0);
}
}  // namespace

void parse_yaml(std::string_view content, ParsedConfig* out) {
  if (parse_block_yaml(content, &out->tree)) return count_lines(content, out);
  out->tree = ConfigTree();  // what the block reader built before it gave up
  parse_yaml_with_libyaml(content, out);
}

void parse_yaml_with_libyaml(std::string_view content, ParsedConfig* out) {
  count_lines(content, out);
  YamlEventBuilder(content, out).run();
}

}  // namespace cfgsweep
