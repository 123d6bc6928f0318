#include "model/junos_groups.h"

#include <fnmatch.h>

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace cfgsweep {

namespace {

constexpr std::string_view kApply = "apply-groups";
// Junos hierarchies are a dozen levels deep; deeper input is hostile and is not walked.
constexpr int kMaxDepth = 64;
constexpr std::string_view kExcept = "apply-groups-except";

bool is_pattern(std::string_view text) {
  return text.size() >= 2 && text.front() == '<' && text.back() == '>';
}

// `pattern` is a literal, or a Junos wildcard "<glob>" matched against the whole of `text`.
bool matches(std::string_view pattern, std::string_view text) {
  if (!is_pattern(pattern)) return pattern == text;
  std::string glob(pattern.substr(1, pattern.size() - 2));
  return fnmatch(glob.c_str(), std::string(text).c_str(), 0) == 0;
}

class GroupExpander {
 public:
  GroupExpander(ConfigTree* tree, std::size_t budget) : tree_(*tree), budget_(budget) {}

  GroupInheritance run() {
    int32_t groups = ConfigTree::kNone;
    for (int32_t c : tree_.children(ConfigTree::kRoot))
      if (node(c).text == "groups" && node(c).value.empty()) groups = c;
    if (groups == ConfigTree::kNone) return result_;
    for (int32_t g : tree_.children(groups)) groups_.emplace(node(g).text, g);  // first wins
    groups_node_ = groups;
    expand(ConfigTree::kRoot, 0);
    return result_;
  }

 private:
  const ConfigNode& node(int32_t n) const { return tree_.node(n); }

  std::vector<int32_t> children_of(int32_t n) const {
    std::vector<int32_t> out;
    for (int32_t c : tree_.children(n)) out.push_back(c);
    return out;  // a copy: merging appends to the lists being walked
  }

  // The group names an apply-groups (or -except) statement of `level` lists.
  std::vector<std::string_view> directive(int32_t level, std::string_view keyword) const {
    std::vector<std::string_view> names;
    for (int32_t c : tree_.children(level)) {
      if (node(c).text != keyword) continue;
      if (!node(c).value.empty()) names.push_back(node(c).value);
      for (int32_t name : tree_.children(c)) names.push_back(node(name).text);
    }
    return names;
  }

  // Deeper levels first: their groups then hold what the groups above would add.
  void expand(int32_t level, int depth) {
    if (depth > kMaxDepth) return void(result_.truncated = true);
    // Walked in place: expanding a child adds nodes below it, never beside it.
    for (int32_t c : tree_.children(level))
      if (c != groups_node_) expand(c, depth + 1);
    for (std::string_view name : directive(level, kApply)) apply(name, level, depth);
  }

  void apply(std::string_view name, int32_t level, int depth) {
    auto group = groups_.find(name);
    if (group == groups_.end()) return;  // an undefined or ${node} group: nothing to add
    // A group is applied once at a level: applying it again adds nothing (a merge only adds
    // what is missing), and groups that apply each other in a diamond (g0 applies g1 and
    // h1, each of which applies g2 and h2, ...) would double the work with every level.
    // This also ends a group that applies itself, directly or through others.
    // Applying it again matters only if the tree grew since (a wildcard in the group may
    // match a node another group added), so the tree's size is part of the key.
    auto [memo, first] = applied_.try_emplace({name, level}, tree_.size());
    if (!first && memo->second == tree_.size()) return;
    memo->second = tree_.size();
    for (int32_t source : same_path_in(group->second, level)) merge(source, level, name, depth);
  }

  // The group's nodes at the path of `level` (patterns in the group match its names).
  std::vector<int32_t> same_path_in(int32_t group, int32_t level) const {
    std::vector<int32_t> path;
    for (int32_t n = level; n != ConfigTree::kRoot; n = node(n).parent) path.push_back(n);
    std::vector<int32_t> found{group};
    for (auto step = path.rbegin(); step != path.rend() && !found.empty(); ++step) {
      std::vector<int32_t> next;
      for (int32_t f : found)
        for (int32_t c : tree_.children(f))
          if (same_statement(c, *step)) next.push_back(c);
      found = std::move(next);
    }
    return found;
  }

  bool same_statement(int32_t group_node, int32_t config_node) const {
    return matches(node(group_node).text, node(config_node).text) &&
           matches(node(group_node).value, node(config_node).value);
  }

  bool excluded(int32_t level, std::string_view group) const {
    for (std::string_view name : directive(level, kExcept))
      if (name == group) return true;
    return false;
  }

  // Adds what `source` (a level of `group`) holds and `target` lacks. An apply-groups inside
  // the group chains: the groups it names are applied at `target` too.
  void merge(int32_t source, int32_t target, std::string_view group, int depth) {
    if (depth > kMaxDepth) return void(result_.truncated = true);
    if (excluded(target, group)) return;
    std::vector<int32_t> existing = children_of(target);
    for (int32_t s : children_of(source)) {
      if (is_group_directive(node(s))) continue;
      bool pattern = is_pattern(node(s).text) || is_pattern(node(s).value);
      bool found = false;
      for (int32_t t : existing) {
        if (is_group_directive(node(t))) continue;  // a statement, never a name to match
        if (!(pattern ? same_statement(s, t)
                      : node(t).text == node(s).text && node(t).value == node(s).value))
          continue;
        found = true;
        merge(s, t, group, depth + 1);
        if (!pattern) break;
      }
      if (!found && !pattern) copy(s, target, group, depth + 1);
    }
    for (std::string_view chained : directive(source, kApply)) apply(chained, target, depth + 1);
  }

  void copy(int32_t source, int32_t parent, std::string_view group, int depth) {
    if (result_.nodes_added >= budget_ || depth > kMaxDepth) {
      result_.truncated = true;
      return;
    }
    ConfigNode s = node(source);  // by value: add_child may move the nodes
    int32_t added = tree_.add_child(parent, s.text, s.value, s.line, s.column);
    tree_.mutable_node(added).flags = s.flags;
    ++result_.nodes_added;
    merge(source, added, group, depth);  // its children, and the groups chained below it
  }

  ConfigTree& tree_;
  std::size_t budget_;
  int32_t groups_node_ = ConfigTree::kNone;
  std::map<std::string_view, int32_t> groups_;
  // (group, level) applied or being applied -> the tree's size then.
  std::map<std::pair<std::string_view, int32_t>, std::size_t> applied_;
  GroupInheritance result_;
};

}  // namespace

bool is_group_directive(const ConfigNode& node) {
  return node.text == kApply || node.text == kExcept;
}

GroupInheritance apply_junos_groups(ConfigTree* tree, std::size_t node_budget) {
  return GroupExpander(tree, node_budget).run();
}

}  // namespace cfgsweep
