#pragma once

#include <cstdint>
#include <vector>

#include "common/json_writer.h"
#include "parse/config_tree.h"

namespace cfgsweep {

// Which tree nodes went into the normalized model, and so which lines no extractor
// understood: what Batfish calls unrecognized lines. Unknown lines stay in the tree; the
// coverage only reports them (the first kShown, and how many there are).
class ModelCoverage {
 public:
  static constexpr std::size_t kShown = 20;
  static constexpr std::size_t kShownBytes = 512;  // of each line's text

  explicit ModelCoverage(const ConfigTree& tree) : tree_(tree), used_(tree.size(), false) {}
  void use(int32_t node) {
    if (node > ConfigTree::kRoot) used_[static_cast<std::size_t>(node)] = true;
  }
  void use_subtree(int32_t node);

  // {"lines", "lines_in_model", "unrecognized_count", "unrecognized": [{"line", "text"}]}.
  // An unknown node whose descendants are all unknown is reported once, as one item.
  // The lines shown come from the tree, whose secrets are redacted unless --show-secrets.
  void write_json(uint32_t line_count, JsonWriter* json) const;

 private:
  const ConfigTree& tree_;
  std::vector<bool> used_;
};

}  // namespace cfgsweep
