#include "parse/path_tree_builder.h"

#include "common/fast_hash.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <vector>

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
    "root-login",
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
  // Asked once per path word: a binary search over strings was a tenth of a Junos parse.
  // Keywords are bucketed by first letter and compared by length before bytes.
  static const auto by_first_letter = [] {
    std::array<std::vector<std::string_view>, 256> buckets;
    for (std::string_view word : kKeywordsWithArgument)
      buckets[static_cast<unsigned char>(word.front())].push_back(word);
    return buckets;
  }();
  if (keyword.empty()) return false;
  for (std::string_view candidate : by_first_letter[static_cast<unsigned char>(keyword.front())])
    if (candidate.size() == keyword.size() && candidate == keyword) return true;
  return false;
}

PathTreeBuilder::PathTreeBuilder(ConfigTree* tree, std::size_t expected_nodes) : tree_(tree) {
  std::size_t size = 1024;
  while (size < expected_nodes * 2) size *= 2;
  slots_.resize(size);
}

uint64_t PathTreeBuilder::hash(const Key& key) {
  uint64_t h =
      (static_cast<uint64_t>(static_cast<uint32_t>(key.parent)) + 1) * 0xff51afd7ed558ccdULL;
  return fast_hash(key.value, fast_hash(key.text, h));
}

bool PathTreeBuilder::holds(const Slot& slot, uint32_t hash, const Key& key) const {
  if (slot.node < 0 || slot.hash != hash) return false;
  const ConfigNode& n = tree_->node(slot.node);
  return n.parent == key.parent && n.text == key.text && n.value == key.value;
}

std::size_t PathTreeBuilder::slot_for(const Key& key, uint64_t hash) const {
  std::size_t mask = slots_.size() - 1;
  auto short_hash = static_cast<uint32_t>(hash);
  for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
    const Slot& slot = slots_[i];
    if (slot.node == kEmpty || holds(slot, short_hash, key)) return i;
  }
}

void PathTreeBuilder::insert(uint64_t hash, int32_t node) {
  std::size_t mask = slots_.size() - 1;
  std::size_t i = hash & mask;
  while (slots_[i].node != kEmpty) i = (i + 1) & mask;
  slots_[i] = Slot{static_cast<uint32_t>(hash), node};
  ++used_;
}

// Doubles the table (or rebuilds it at the same size when removed slots fill it); the
// table keeps only 32 bits of each hash, so the new position comes from rehashing the key.
void PathTreeBuilder::grow() {
  std::vector<Slot> old = std::move(slots_);
  std::size_t live = 0;
  for (const Slot& slot : old) live += slot.node >= 0;
  slots_.assign(live * 4 > old.size() ? old.size() * 2 : old.size(), Slot{});
  used_ = 0;
  for (const Slot& slot : old) {
    if (slot.node < 0) continue;
    const ConfigNode& n = tree_->node(slot.node);
    insert(hash(Key{n.parent, n.text, n.value}), slot.node);
  }
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
  std::size_t i = 0;
  std::size_t step = 0;
  if (parent == last_parent_) {
    for (; step < last_path_.size() && i < words.size(); ++step) {
      std::size_t next = i;
      Key key = next_key(at, words, &next);
      const Step& previous = last_path_[step];
      if (key.text != previous.text || key.value != previous.value) break;
      at = previous.node;
      i = next;
    }
  }
  last_parent_ = parent;
  last_path_.resize(step);
  while (i < words.size()) {
    const PathWord& first = words[i];
    Key key = next_key(at, words, &i);
    at = find_or_add(key, first);
    last_path_.push_back(Step{key.text, key.value, at});
  }
  return at;
}

int32_t PathTreeBuilder::find_or_add(const Key& key, const PathWord& first) {
  uint64_t h = hash(key);
  std::size_t slot = slot_for(key, h);
  if (slots_[slot].node >= 0) return slots_[slot].node;
  int32_t added = tree_->add_child(key.parent, key.text, key.value, first.line, first.column);
  if ((used_ + 1) * 2 > slots_.size()) {
    grow();
    insert(h, added);
  } else {
    slots_[slot] = Slot{static_cast<uint32_t>(h), added};
    ++used_;
  }
  return added;
}

int32_t PathTreeBuilder::find(int32_t parent, std::span<const PathWord> words) const {
  int32_t at = parent;
  for (std::size_t i = 0; i < words.size() && at != ConfigTree::kNone;) {
    Key key = next_key(at, words, &i);
    const Slot& slot = slots_[slot_for(key, hash(key))];
    at = slot.node >= 0 ? slot.node : ConfigTree::kNone;
  }
  return at;
}

bool PathTreeBuilder::remove(int32_t parent, std::span<const PathWord> words) {
  int32_t node = find(parent, words);
  if (node == ConfigTree::kNone || node == parent) return false;
  const ConfigNode& n = tree_->node(node);
  Key key{n.parent, n.text, n.value};
  slots_[slot_for(key, hash(key))].node = kRemoved;
  tree_->detach(node);
  last_path_.clear();  // it may hold the removed node
  last_parent_ = ConfigTree::kNone;
  return true;
}

}  // namespace cfgsweep
