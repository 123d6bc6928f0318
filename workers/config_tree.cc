#include "workers/config_tree.h"

namespace cfgsweep {

ConfigTree::ConfigTree() { nodes_.push_back(ConfigNode{}); }

int32_t ConfigTree::add_child(int32_t parent, std::string_view text, uint32_t line,
                              uint32_t column) {
  auto index = static_cast<int32_t>(nodes_.size());
  ConfigNode child;
  child.text = text;
  child.line = line;
  child.column = column;
  child.parent = parent;
  nodes_.push_back(child);
  ConfigNode& p = nodes_[static_cast<std::size_t>(parent)];
  if (p.last_child == kNone) {
    p.first_child = index;
  } else {
    nodes_[static_cast<std::size_t>(p.last_child)].next_sibling = index;
  }
  p.last_child = index;
  return index;
}

}  // namespace cfgsweep
