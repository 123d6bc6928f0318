#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <re2/re2.h>

#include "common/error.h"
#include "common/json_writer.h"
#include "parse/config_tree.h"

namespace cfgsweep {

// A ciscoconfparse-style question over the tree of every file: `--match` patterns name a
// path (the first matches a node at any depth, each next one a direct child of the
// previous match), `--child` requires a direct child matching, `--no-child` forbids one.
// Patterns are RE2 (linear time, no backtracking blow-up on hostile patterns or configs)
// and are anchored at the start of the node's text ("text value"), not at its end, so
// `--no-child shutdown` does not match "no shutdown".
class QuerySpec {
 public:
  // Parses the serialised form (see serialize()); an error (kUsage) for a bad pattern.
  static Result<std::unique_ptr<QuerySpec>> compile(std::string_view serialized);
  static std::string serialize(const std::vector<std::string>& match,
                               const std::vector<std::string>& child,
                               const std::vector<std::string>& no_child);

  // Writes one JSON object per match, separated by newlines, into `json`; returns the count.
  std::size_t write_matches(const ConfigTree& tree, std::string_view source,
                            std::string_view member, JsonWriter* json) const;

 private:
  bool selects(const ConfigTree& tree, int32_t node, std::vector<int32_t>* path) const;
  bool matches(const RE2& re, const ConfigTree& tree, int32_t node) const;

  std::vector<std::unique_ptr<RE2>> match_;
  std::vector<std::unique_ptr<RE2>> child_;
  std::vector<std::unique_ptr<RE2>> no_child_;
  mutable std::string scratch_;  // one worker, one query at a time
};

}  // namespace cfgsweep
