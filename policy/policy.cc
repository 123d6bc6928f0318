#include "policy/policy.h"

#include <algorithm>

namespace cfgsweep {

namespace {

// True when `pattern` has a '|' outside any group or class: "^ab|cd" is "(^ab)|(cd)".
bool has_top_level_alternation(std::string_view pattern) {
  int depth = 0;
  bool in_class = false;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '\\') {
      ++i;
    } else if (in_class) {
      in_class = c != ']';
    } else if (c == '[') {
      in_class = true;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')') {
      --depth;
    } else if (c == '|' && depth == 0) {
      return true;
    }
  }
  return false;
}

}  // namespace

std::string anchored_literal_prefix(std::string_view pattern) {
  if (!pattern.starts_with("^") || has_top_level_alternation(pattern)) return {};
  std::string prefix;
  for (std::size_t i = 1; i < pattern.size(); ++i) {
    char c = pattern[i];
    bool literal = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                   c == ' ' || c == '-' || c == '_' || c == ':' || c == '/' || c == ',';
    if (!literal) break;
    char next = i + 1 < pattern.size() ? pattern[i + 1] : '\0';
    if (next == '*' || next == '?' || next == '{') break;  // the char may be absent
    prefix += c;
  }
  return prefix;
}

bool Policy::model_reads(std::string_view section) const {
  auto in_section = [&](std::string_view path) {
    return path == section || (path.starts_with(section) && path[section.size()] == '.');
  };
  for (const Rule& rule : rules) {
    if (!rule.model) continue;
    const ModelRule& m = *rule.model;
    if (in_section(m.list)) return true;
    if (m.quantifier == ModelRule::Quantifier::kNone && m.test && in_section(m.test->field))
      return true;
  }
  return false;
}

bool Policy::has_model_rules() const {
  return std::any_of(rules.begin(), rules.end(), [](const Rule& r) { return r.model.has_value(); });
}

}  // namespace cfgsweep
