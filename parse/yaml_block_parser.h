#pragma once

#include <string_view>

#include "parse/config_tree.h"

namespace cfgsweep {

// Reads the plain block-style YAML that network configs are written in (netplan, NVUE
// startup.yaml, AVD structured configs) straight into the tree, without libyaml: indented
// mappings and sequences, "- " items, one-line plain and quoted scalars without escapes,
// one-line flow sequences of scalars, empty flow mappings ("{}"), literal block scalars
// ("|", "|-": banners), comments, a leading "---". It builds exactly the tree that
// parse_yaml's libyaml reading builds, with the same lines and columns.
//
// Anything else (anchors, aliases, tags, folded and other block scalars, multi-line plain
// scalars, escapes, non-empty flow mappings, tabs, CR, non-ASCII bytes, more than one
// document, and every syntax error)
// makes it return false at once; the caller then discards the tree and lets libyaml read
// the whole input, so an error is always reported by libyaml, with its message and line.
// Why it exists: libyaml's per-token allocations made YAML the slowest format by far.
bool parse_block_yaml(std::string_view content, ConfigTree* tree);

}  // namespace cfgsweep
