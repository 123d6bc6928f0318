#pragma once

#include <algorithm>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "parse/config_tree.h"
#include "policy/policy.h"

namespace cfgsweep {

// The variables of one device: the policy's defaults, then what the inventory says of it
// (`inventory`: its data fields, name, platform; may be null), then each of the policy's
// `devices` entries whose glob matches the hostname (later entries win), and `hostname`.
std::map<std::string, std::string> device_vars(const PolicyVars& vars, std::string_view hostname,
                                               const std::map<std::string, std::string>* inventory);

// Fills the {{ name }} references of a template line; false with `*unknown` set to the
// first name that has no value.
bool fill_template(std::string_view line, const std::map<std::string, std::string>& vars,
                   std::string* out, std::string* unknown);

// How one section compares with its intended lines.
struct IntendedDiff {
  std::vector<std::string> missing;  // template lines the section lacks
  struct Extra {
    uint32_t line;
    int32_t node;
    std::string text;
  };
  std::vector<Extra> extra;   // the section's lines the template lacks
  bool out_of_order = false;  // `ordered` and the lines present are not in template order
};

// Compares the direct children of `section` (whose texts `text_of` gives) with `intended`.
template <typename TextOf>
IntendedDiff compare_section(const ConfigTree& tree, int32_t section,
                             const std::vector<std::string>& intended, const IntendedRule& rule,
                             TextOf text_of) {
  IntendedDiff diff;
  std::vector<std::string> present;
  std::vector<int32_t> nodes;
  for (int32_t child : tree.children(section)) {
    present.emplace_back(text_of(child));
    nodes.push_back(child);
  }
  std::size_t last_position = 0;
  bool first = true;
  for (const std::string& want : intended) {
    auto at = std::find(present.begin(), present.end(), want);
    if (at == present.end()) {
      diff.missing.push_back(want);
      continue;
    }
    auto position = static_cast<std::size_t>(at - present.begin());
    if (!first && position < last_position) diff.out_of_order = true;
    last_position = position;
    first = false;
  }
  if (rule.extra)
    for (std::size_t i = 0; i < present.size(); ++i)
      if (std::find(intended.begin(), intended.end(), present[i]) == intended.end())
        diff.extra.push_back({tree.node(nodes[i]).line, nodes[i], present[i]});
  if (!rule.ordered) diff.out_of_order = false;
  return diff;
}

}  // namespace cfgsweep
