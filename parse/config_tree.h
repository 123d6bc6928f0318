#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

namespace cfgsweep {

// One node of the tree that every format's parser produces. For line-oriented formats
// (IOS family, FortiOS, ifupdown) `text` is the whole trimmed line and `value` is empty;
// hierarchical formats (Junos/VyOS/PAN-OS braces, set commands and XML; JSON; YAML) put a
// keyword or key in `text` and its argument or scalar in `value`.
// Views point into the input buffer, or into strings the tree owns (see own()); the input
// must outlive the tree.
struct ConfigNode {
  static constexpr uint8_t kInactive = 1;   // Junos "inactive:" / "deactivate"
  static constexpr uint8_t kProtected = 2;  // Junos "protect:"
  static constexpr uint8_t kSecret = 4;     // holds a secret (parse/secret_table.h)

  std::string_view text;
  std::string_view value;
  uint32_t line = 0;    // 1-based source line; 0 for the root
  uint32_t column = 0;  // 1-based column of the first character of `text`; 0 when unknown
  uint8_t flags = 0;
  int32_t parent = -1;
  int32_t first_child = -1;
  int32_t last_child = -1;
  int32_t next_sibling = -1;
};

// A tree of ConfigNodes stored flat in one vector (no pointer chasing, one allocation
// growth pattern), linked by indices. Node 0 is the root.
class ConfigTree {
 public:
  static constexpr int32_t kRoot = 0;
  static constexpr int32_t kNone = -1;

  ConfigTree();
  int32_t add_child(int32_t parent, std::string_view text, uint32_t line, uint32_t column);
  int32_t add_child(int32_t parent, std::string_view text, std::string_view value, uint32_t line,
                    uint32_t column);
  const ConfigNode& node(int32_t index) const { return nodes_[static_cast<std::size_t>(index)]; }
  ConfigNode& mutable_node(int32_t index) { return nodes_[static_cast<std::size_t>(index)]; }
  // Unlinks a node (and so its subtree) from its parent: Junos "delete" lines.
  void detach(int32_t index);
  // Keeps a string the input does not contain verbatim (an unescaped JSON string, an XML
  // name attribute); the view stays valid for the tree's lifetime.
  std::string_view own(std::string text);
  // "text value", or just "text": what --match patterns and `show --tree` see.
  std::string display(int32_t index) const;

  // Secrets. redact() replaces a node's text and value with forms whose secret tokens are
  // kRedacted and keeps the clear forms aside, so that every consumer of the tree (model,
  // coverage, query, show, evidence) sees the redacted node, and only the policy
  // evaluator, between reveal_secrets(true) and reveal_secrets(false), sees them in clear.
  // Called once per secret node, by redact_tree (parse/secret_redactor.h).
  void redact(int32_t index, std::string text, std::string value);
  // Swaps the clear forms in (true) or out (false) of every redacted node.
  void reveal_secrets(bool reveal);
  bool secrets_revealed() const { return revealed_; }
  std::size_t secret_count() const { return secrets_.size(); }
  // What an output may show of a node: display() with its secrets redacted, even while
  // they are revealed.
  std::string redacted_display(int32_t index) const;
  // The tree as indented text, one node per line ("  " per level, " [inactive]" and
  // " [protected]" for flags), with "<line>\t" in front when `with_lines`: what
  // `cfgsweep show --tree` prints, and what tests compare across formats.
  std::string outline(bool with_lines = false) const;
  // Number of edges from the root (the root has depth 0).
  int depth(int32_t index) const;
  std::size_t size() const { return nodes_.size(); }
  void reserve(std::size_t n) { nodes_.reserve(n); }

  // Iterates the direct children of a node: `for (int32_t c : tree.children(n))`.
  class ChildRange {
   public:
    struct Iterator {
      const ConfigTree* tree;
      int32_t index;
      int32_t operator*() const { return index; }
      Iterator& operator++() {
        index = tree->node(index).next_sibling;
        return *this;
      }
      bool operator!=(const Iterator& other) const { return index != other.index; }
    };
    ChildRange(const ConfigTree* tree, int32_t first) : tree_(tree), first_(first) {}
    Iterator begin() const { return {tree_, first_}; }
    Iterator end() const { return {tree_, kNone}; }

   private:
    const ConfigTree* tree_;
    int32_t first_;
  };
  // kNone has no children, so lookups that found nothing can be iterated safely.
  ChildRange children(int32_t index) const {
    return {this, index == kNone ? kNone : node(index).first_child};
  }

 private:
  std::vector<ConfigNode> nodes_;
  std::deque<std::string> owned_;  // a deque: growing it never moves the strings
  // The forms of each redacted node that are not in it now (clear while redacted, redacted
  // while revealed), in node order.
  struct SwappedFields {
    int32_t node;
    std::string_view text;
    std::string_view value;
  };
  std::vector<SwappedFields> secrets_;
  bool revealed_ = false;
};

}  // namespace cfgsweep
