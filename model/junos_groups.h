#pragma once

#include <cstddef>

#include "parse/config_tree.h"

namespace cfgsweep {

// Junos configuration groups, applied as the device applies them, so the model and the
// rules see the configuration in effect: `apply-groups [ A B ]` at a level inherits the
// statements under `groups A` at the same path into that level and below.
//   - Local statements win: a group only adds what the level does not have (for leaves,
//     the same keyword with another value is added beside it, as list items are).
//   - A level's own apply-groups win over those above it; among one level's groups, the
//     first listed wins.
//   - `<pattern>` names in a group (`interfaces <ge-*>`, `unit <*>`) match the names the
//     configuration has, glob-style; they never create statements.
//   - `apply-groups-except G` stops G at that level and below.
// Inherited nodes keep the group's lines, so evidence points at where a value comes from.
// The `groups` statements themselves stay in the tree, unchanged.
struct GroupInheritance {
  std::size_t nodes_added = 0;
  bool truncated = false;  // stopped at the budget: a hostile config cannot blow up the tree
};
GroupInheritance apply_junos_groups(ConfigTree* tree, std::size_t node_budget);

// Whether a node is an apply-groups directive rather than a statement of its level.
bool is_group_directive(const ConfigNode& node);

}  // namespace cfgsweep
