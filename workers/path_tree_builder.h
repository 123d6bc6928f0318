#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <unordered_map>

#include "workers/config_tree.h"

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
  explicit PathTreeBuilder(ConfigTree* tree) : tree_(tree) {}

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
  struct KeyHash {
    std::size_t operator()(const Key& key) const noexcept;
  };

  // The node key that starts at words[*i] (a keyword and its argument, or one word);
  // advances *i past it. The one place the cutting rule lives, for add() and find().
  static Key next_key(int32_t parent, std::span<const PathWord> words, std::size_t* i);

  ConfigTree* tree_;
  std::unordered_map<Key, int32_t, KeyHash> children_;
};

}  // namespace cfgsweep
