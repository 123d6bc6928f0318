#include "parse/config_tree.h"

#include <algorithm>

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

void ConfigTree::redact(int32_t index, std::string text, std::string value) {
  ConfigNode& n = mutable_node(index);
  secrets_.push_back(SwappedFields{index, n.text, n.value});
  n.text = own(std::move(text));
  n.value = own(std::move(value));
  n.flags |= ConfigNode::kSecret;
  // Redactions arrive in document order but inherited Junos groups may add earlier indices.
  if (secrets_.size() > 1 && secrets_[secrets_.size() - 2].node > index)
    std::sort(secrets_.begin(), secrets_.end(),
              [](const SwappedFields& a, const SwappedFields& b) { return a.node < b.node; });
}

void ConfigTree::reveal_secrets(bool reveal) {
  if (reveal == revealed_) return;
  for (SwappedFields& s : secrets_) {
    ConfigNode& n = mutable_node(s.node);
    std::swap(n.text, s.text);
    std::swap(n.value, s.value);
  }
  revealed_ = reveal;
}

std::string ConfigTree::redacted_display(int32_t index) const {
  if (!revealed_ || !(node(index).flags & ConfigNode::kSecret)) return display(index);
  auto at = std::lower_bound(secrets_.begin(), secrets_.end(), index,
                             [](const SwappedFields& s, int32_t i) { return s.node < i; });
  std::string shown(at->text);
  if (!at->value.empty()) shown.append(" ").append(at->value);
  return shown;
}

std::string ConfigTree::outline(bool with_lines) const {
  std::string out;
  std::vector<std::pair<int32_t, int>> stack;  // (node, depth); pops in document order
  // Children are linked forwards only: push them, then reverse.
  auto push_children = [&](int32_t parent, int depth) {
    std::size_t first = stack.size();
    for (int32_t c : children(parent)) stack.emplace_back(c, depth);
    std::reverse(stack.begin() + static_cast<std::ptrdiff_t>(first), stack.end());
  };
  push_children(kRoot, 0);
  while (!stack.empty()) {
    auto [at, depth] = stack.back();
    stack.pop_back();
    if (with_lines) out += std::to_string(node(at).line) + '\t';
    out.append(static_cast<std::size_t>(depth) * 2, ' ');
    out += display(at);
    if (node(at).flags & ConfigNode::kInactive) out += " [inactive]";
    if (node(at).flags & ConfigNode::kProtected) out += " [protected]";
    out += '\n';
    push_children(at, depth + 1);
  }
  return out;
}

int ConfigTree::depth(int32_t index) const {
  int depth = 0;
  for (int32_t at = node(index).parent; at != kNone; at = node(at).parent) ++depth;
  return depth;
}

}  // namespace cfgsweep
