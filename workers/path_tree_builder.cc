#include "workers/path_tree_builder.h"

#include <algorithm>
#include <array>
#include <functional>

namespace cfgsweep {

namespace {

// Keywords whose argument is always in the same statement, in Junos, VyOS and PAN-OS alike.
// A keyword that can also open a block of its own ("filter { input F; }", "name-server {")
// must not be here: the brace form would cut the path differently from the set form.
constexpr auto kKeywordsWithArgument = std::to_array<std::string_view>({
    "address",
    "application",
    "area",
    "authentication-key",
    "autonomous-system",
    "community",
    "description",
    "domain-name",
    "ethernet",
    "family",
    "from-zone",
    "group",
    "host",
    "host-name",
    "hostname",
    "local-address",
    "local-as",
    "mtu",
    "name",
    "neighbor",
    "next-hop",
    "peer-as",
    "policy",
    "policy-statement",
    "prefix-list",
    "route",
    "router-id",
    "rule",
    "rules",
    "security-zone",
    "server",
    "term",
    "to-zone",
    "unit",
    "user",
    "vif",
    "vlan-id",
    "zone",
});

}  // namespace

bool PathTreeBuilder::takes_argument(std::string_view keyword) {
  static const auto sorted = [] {
    auto words = kKeywordsWithArgument;
    std::sort(words.begin(), words.end());
    return words;
  }();
  return std::binary_search(sorted.begin(), sorted.end(), keyword);
}

std::size_t PathTreeBuilder::KeyHash::operator()(const Key& key) const noexcept {
  std::size_t h = std::hash<std::string_view>{}(key.text);
  h ^= std::hash<std::string_view>{}(key.value) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  return h ^ (static_cast<std::size_t>(key.parent) * 0x100000001b3ULL);
}

PathTreeBuilder::Key PathTreeBuilder::next_key(int32_t parent, std::span<const PathWord> words,
                                               std::size_t* i) {
  std::string_view text = words[*i].text;
  std::string_view value;
  if (*i + 1 < words.size() && takes_argument(text)) value = words[++*i].text;
  ++*i;
  return Key{parent, text, value};
}

int32_t PathTreeBuilder::add(int32_t parent, std::span<const PathWord> words) {
  int32_t at = parent;
  for (std::size_t i = 0; i < words.size();) {
    const PathWord& first = words[i];
    Key key = next_key(at, words, &i);
    auto [it, inserted] = children_.try_emplace(key, ConfigTree::kNone);
    if (inserted) it->second = tree_->add_child(at, key.text, key.value, first.line, first.column);
    at = it->second;
  }
  return at;
}

int32_t PathTreeBuilder::find(int32_t parent, std::span<const PathWord> words) const {
  int32_t at = parent;
  for (std::size_t i = 0; i < words.size() && at != ConfigTree::kNone;) {
    auto it = children_.find(next_key(at, words, &i));
    at = it == children_.end() ? ConfigTree::kNone : it->second;
  }
  return at;
}

bool PathTreeBuilder::remove(int32_t parent, std::span<const PathWord> words) {
  int32_t node = find(parent, words);
  if (node == ConfigTree::kNone || node == parent) return false;
  const ConfigNode& n = tree_->node(node);
  children_.erase(Key{n.parent, n.text, n.value});
  tree_->detach(node);
  return true;
}

}  // namespace cfgsweep
