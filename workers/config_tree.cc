#include "workers/config_tree.h"

namespace cfgsweep {

ConfigTree::ConfigTree() { nodes_.push_back(ConfigNode{}); }

int32_t ConfigTree::add_child(int32_t parent, std::string_view text, uint32_t line,
                              uint32_t column) {
  return add_child(parent, text, {}, line, column);
}

int32_t ConfigTree::add_child(int32_t parent, std::string_view text, std::string_view value,
                              uint32_t line, uint32_t column) {
  auto index = static_cast<int32_t>(nodes_.size());
  ConfigNode child;
  child.text = text;
  child.value = value;
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

void ConfigTree::detach(int32_t index) {
  ConfigNode& child = mutable_node(index);
  if (child.parent == kNone) return;
  ConfigNode& parent = mutable_node(child.parent);
  int32_t previous = kNone;
  for (int32_t at = parent.first_child; at != kNone; at = node(at).next_sibling) {
    if (at != index) {
      previous = at;
      continue;
    }
    if (previous == kNone) {
      parent.first_child = child.next_sibling;
    } else {
      mutable_node(previous).next_sibling = child.next_sibling;
    }
    if (parent.last_child == index) parent.last_child = previous;
    break;
  }
  child.parent = kNone;
  child.next_sibling = kNone;
}

std::string_view ConfigTree::own(std::string text) { return owned_.emplace_back(std::move(text)); }

std::string ConfigTree::display(int32_t index) const {
  const ConfigNode& n = node(index);
  std::string shown(n.text);
  if (!n.value.empty()) {
    shown.push_back(' ');
    shown.append(n.value);
  }
  return shown;
}

int ConfigTree::depth(int32_t index) const {
  int depth = 0;
  for (int32_t at = node(index).parent; at != kNone; at = node(at).parent) ++depth;
  return depth;
}

}  // namespace cfgsweep
