#include "parse/query_spec.h"

#include <algorithm>

#include <fmt/format.h>

namespace cfgsweep {

std::string QuerySpec::serialize(const std::vector<std::string>& match,
                                 const std::vector<std::string>& child,
                                 const std::vector<std::string>& no_child) {
  std::string out;
  for (const auto& p : match) out += fmt::format("match\t{}\n", p);
  for (const auto& p : child) out += fmt::format("child\t{}\n", p);
  for (const auto& p : no_child) out += fmt::format("no-child\t{}\n", p);
  return out;
}

Result<std::unique_ptr<QuerySpec>> QuerySpec::compile(std::string_view serialized) {
  auto spec = std::make_unique<QuerySpec>();
  RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(8 << 20);
  while (!serialized.empty()) {
    auto end = serialized.find('\n');
    std::string_view line = serialized.substr(0, end);
    serialized = end == std::string_view::npos ? std::string_view{} : serialized.substr(end + 1);
    auto tab = line.find('\t');
    if (tab == std::string_view::npos) continue;
    std::string_view kind = line.substr(0, tab);
    std::string pattern(line.substr(tab + 1));
    auto re = std::make_unique<RE2>(pattern, options);
    if (!re->ok())
      return make_error(ExitStatus::kUsage,
                        fmt::format("bad --{} pattern '{}': {}", kind, pattern, re->error()));
    auto& list = kind == "match" ? spec->match_ : kind == "child" ? spec->child_ : spec->no_child_;
    list.push_back(std::move(re));
  }
  if (spec->match_.empty())
    return make_error(ExitStatus::kUsage, "a query needs at least one --match pattern");
  return spec;
}

bool QuerySpec::matches(const RE2& re, const ConfigTree& tree, int32_t node) const {
  const ConfigNode& n = tree.node(node);
  std::string_view text = n.text;
  if (!n.value.empty()) {  // "text value", in a buffer reused across nodes
    scratch_.assign(n.text);
    scratch_.push_back(' ');
    scratch_.append(n.value);
    text = scratch_;
  }
  re2::StringPiece input(text.data(), text.size());
  return re.Match(input, 0, input.size(), RE2::ANCHOR_START, nullptr, 0);
}

bool QuerySpec::selects(const ConfigTree& tree, int32_t node, std::vector<int32_t>* path) const {
  // The last --match names the node itself; the ones before it name its ancestors.
  int32_t at = node;
  path->clear();
  for (std::size_t i = match_.size(); i-- > 0;) {
    if (at <= ConfigTree::kRoot || !matches(*match_[i], tree, at)) return false;
    path->push_back(at);
    at = tree.node(at).parent;
  }
  for (const auto& re : child_) {
    bool any = false;
    for (int32_t c : tree.children(node)) any = any || matches(*re, tree, c);
    if (!any) return false;
  }
  for (const auto& re : no_child_)
    for (int32_t c : tree.children(node))
      if (matches(*re, tree, c)) return false;
  std::reverse(path->begin(), path->end());
  return true;
}

std::size_t QuerySpec::write_matches(const ConfigTree& tree, std::string_view source,
                                     std::string_view member, JsonWriter* json) const {
  std::size_t count = 0;
  std::vector<int32_t> path;
  for (int32_t node = 1; node < static_cast<int32_t>(tree.size()); ++node) {
    if (tree.node(node).parent == ConfigTree::kNone) continue;  // detached by "delete"
    if (!selects(tree, node, &path)) continue;
    if (count++ > 0) json->next_line();
    json->begin_object();
    json->field("source", source);
    if (!member.empty()) json->field("member", member);
    json->field("line", uint64_t{tree.node(node).line});
    json->field("text", tree.display(node));
    json->key("path");
    json->begin_array();
    for (int32_t p : path) json->string(tree.display(p));
    json->end_array();
    json->key("children");
    json->begin_array();
    for (int32_t c : tree.children(node)) json->string(tree.display(c));
    json->end_array();
    json->end_object();
  }
  return count;
}

}  // namespace cfgsweep
