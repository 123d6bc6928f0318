#include "workers/yaml_parser.h"

#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

namespace cfgsweep {

namespace {

// A real YAML file makes a few nodes per line; a file whose aliases multiply it past this
// is hostile or broken.
std::size_t node_budget(std::size_t input_bytes) { return input_bytes * 4 + 100000; }

class YamlTreeBuilder {
 public:
  YamlTreeBuilder(ParsedConfig* out, std::size_t budget) : out_(out), budget_(budget) {}

  void add_document(const YAML::Node& document) {
    struct Frame {
      YAML::Node node;
      YAML::Mark mark;  // of the key, where the entry starts; of the item in a sequence
      int32_t parent;
      std::string_view text;
      int depth;
    };
    std::vector<Frame> stack;
    std::vector<Frame> top;
    push_children(document, 0, [&](YAML::Node n, YAML::Mark m, std::string_view t, int d) {
      top.push_back({n, m, ConfigTree::kRoot, t, d});
    });
    for (auto it = top.rbegin(); it != top.rend(); ++it) stack.push_back(*it);
    while (!stack.empty() && !out_->fatal) {
      Frame frame = stack.back();
      stack.pop_back();
      if (out_->tree.size() >= budget_) {
        fail(frame.node, "expansion_limit",
             fmt::format("the document expands to more than {} nodes (aliases?)", budget_));
        return;
      }
      if (frame.depth > kMaxNestingDepth) {
        fail(frame.node, "too_deep",
             fmt::format("nesting deeper than {} levels", kMaxNestingDepth));
        return;
      }
      std::string_view value = frame.node.IsScalar() ? std::string_view(frame.node.Scalar()) : "";
      const YAML::Mark mark = frame.mark;
      int32_t index = out_->tree.add_child(frame.parent, frame.text, value, line_of(mark),
                                           mark.is_null() ? 0 : mark.column + 1);
      // Collected, then pushed in reverse by copy: YAML::Node's assignment operator
      // overwrites the node it refers to, so std::reverse would rewrite the document.
      std::vector<Frame> children;
      push_children(frame.node, frame.depth + 1,
                    [&](YAML::Node n, YAML::Mark m, std::string_view t, int d) {
                      children.push_back({n, m, index, t, d});
                    });
      for (auto it = children.rbegin(); it != children.rend(); ++it) stack.push_back(*it);
    }
  }

 private:
  template <typename Push>
  void push_children(const YAML::Node& node, int depth, Push push) {
    if (node.IsMap()) {
      for (auto it = node.begin(); it != node.end(); ++it) {
        std::string_view key = it->first.IsScalar() ? std::string_view(it->first.Scalar()) : "?";
        push(it->second, it->first.Mark(), key, depth);
      }
    } else if (node.IsSequence()) {
      for (auto it = node.begin(); it != node.end(); ++it) push(*it, it->Mark(), "-", depth);
    }
  }

  static uint32_t line_of(const YAML::Mark& mark) {
    return mark.is_null() ? 0 : static_cast<uint32_t>(mark.line + 1);
  }

  void fail(const YAML::Node& node, std::string code, std::string message) {
    out_->fatal = ParseIssue{line_of(node.Mark()), std::move(code), std::move(message)};
  }

  ParsedConfig* out_;
  std::size_t budget_;
};

}  // namespace

void parse_yaml(std::string_view content, ParsedConfig* out) {
  uint32_t lines = 0;
  for (char c : content) lines += c == '\n';
  out->line_count = lines + (!content.empty() && content.back() != '\n' ? 1 : 0);
  try {
    auto documents = std::make_shared<std::vector<YAML::Node>>(YAML::LoadAll(std::string(content)));
    out->backing = documents;
    YamlTreeBuilder builder(out, node_budget(content.size()));
    for (const YAML::Node& document : *documents) {
      builder.add_document(document);
      if (out->fatal) return;
    }
  } catch (const YAML::DeepRecursion& e) {
    out->fatal = ParseIssue{static_cast<uint32_t>(e.mark.line + 1), "too_deep",
                            fmt::format("YAML nesting deeper than {} levels", e.depth())};
  } catch (const YAML::Exception& e) {
    out->fatal = ParseIssue{e.mark.is_null() ? 0 : static_cast<uint32_t>(e.mark.line + 1), "syntax",
                            fmt::format("YAML: {}", e.msg)};
  }
}

}  // namespace cfgsweep
