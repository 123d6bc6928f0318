#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "parse/config_tree.h"

namespace cfgsweep {

// One word of a hierarchical statement, with where it starts in the source.
struct PathWord {
  std::string_view text;
  uint32_t line = 0;
  uint32_t column = 0;
};

// Builds the tree of the hierarchical formats (Junos braces, `set` commands and XML; VyOS;
// PAN-OS) from word paths, merging equal prefixes. Every form reduces to the same word
// paths ("interfaces ge-0/0/0 unit 0 family inet address 10.0.0.1/24"), and the builder
// cuts a path into nodes by one rule that looks only at the words, so the three Junos forms
// of one configuration give the same tree:
//   a keyword that always takes an argument ("unit", "family", "neighbor", "description",
//   ...) and that argument form one node, text = keyword and value = argument;
//   every other word is a node of its own.
class PathTreeBuilder {
 public:
  // `expected_nodes` sizes the index up front (growing it rehashes every key).
  PathTreeBuilder(ConfigTree* tree, std::size_t expected_nodes);

  // Finds or creates the nodes for `words` under `parent`; returns the last one, or `parent`
  // when `words` is empty.
  int32_t add(int32_t parent, std::span<const PathWord> words);
  // Finds the node for `words` under `parent` without creating any; kNone when absent.
  int32_t find(int32_t parent, std::span<const PathWord> words) const;
  // Unlinks the node for `words` and its subtree; false when there is none.
  bool remove(int32_t parent, std::span<const PathWord> words);

  static bool takes_argument(std::string_view keyword);

 private:
  struct Key {
    int32_t parent;
    std::string_view text;
    std::string_view value;
    bool operator==(const Key&) const = default;
  };
  // The index of the children by key: open addressing with linear probing over slots that
  // hold only a node and its hash, since the key itself is in the node. It replaced an
  // unordered_map whose hashing and per-entry allocations were a fifth of a Junos parse.
  static constexpr int32_t kEmpty = -1;
  static constexpr int32_t kRemoved = -2;
  struct Slot {
    uint32_t hash = 0;
    int32_t node = kEmpty;
  };

  // The node key that starts at words[*i] (a keyword and its argument, or one word);
  // advances *i past it. The one place the cutting rule lives, for add() and find().
  static Key next_key(int32_t parent, std::span<const PathWord> words, std::size_t* i);
  static uint64_t hash(const Key& key);
  bool holds(const Slot& slot, uint32_t hash, const Key& key) const;
  // The slot holding `key`, or the empty slot where it would go.
  std::size_t slot_for(const Key& key, uint64_t hash) const;
  void insert(uint64_t hash, int32_t node);
  int32_t find_or_add(const Key& key, const PathWord& first);
  void grow();

  // The keys and nodes of the previous add(): `set` lines repeat most of the path of the
  // line before ("set interfaces ge-0/0/0 unit 0 family inet ..."), so the shared prefix is
  // taken from here without hashing.
  struct Step {
    std::string_view text;
    std::string_view value;
    int32_t node;
  };

  ConfigTree* tree_;
  std::vector<Slot> slots_;
  std::size_t used_ = 0;  // slots that are not empty, removed ones included
  int32_t last_parent_ = ConfigTree::kNone;
  std::vector<Step> last_path_;
};

}  // namespace cfgsweep
