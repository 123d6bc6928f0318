#pragma once

#include <string_view>

#include "parse/config_tree.h"

namespace cfgsweep {

// Reading helpers for the key/value trees of hierarchical formats (Junos, VyOS, PAN-OS,
// YAML): find a child by key, read a key's argument whether it is the node's value
// ("host-name r1") or its only child ("name-server { 8.8.8.8; }").
class TreeLookup {
 public:
  explicit TreeLookup(const ConfigTree& tree) : tree_(tree) {}

  int32_t child(int32_t node, std::string_view text) const {
    if (node == ConfigTree::kNone) return ConfigTree::kNone;
    for (int32_t c : tree_.children(node))
      if (tree_.node(c).text == text) return c;
    return ConfigTree::kNone;
  }
  // Follows a path of keys: path(root, {"system", "ntp"}).
  int32_t path(int32_t node, std::initializer_list<std::string_view> keys) const {
    for (std::string_view key : keys) node = child(node, key);
    return node;
  }
  // The node's value, else the text of its first child.
  std::string_view argument(int32_t node) const {
    if (node == ConfigTree::kNone) return {};
    const ConfigNode& n = tree_.node(node);
    if (!n.value.empty()) return n.value;
    return n.first_child == ConfigTree::kNone ? std::string_view{} : tree_.node(n.first_child).text;
  }
  std::string_view argument(int32_t node, std::string_view key) const {
    return argument(child(node, key));
  }
  const ConfigTree& tree() const { return tree_; }

 private:
  const ConfigTree& tree_;
};

}  // namespace cfgsweep
