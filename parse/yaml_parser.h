#pragma once

#include <string_view>

#include "parse/parsed_config.h"

namespace cfgsweep {

// Parses YAML (NVUE startup.yaml, netplan, AVD structured configs, any YAML dump) from
// libyaml's events: a mapping entry is a node with text = key, a sequence item a node with
// text "-"; scalars are the value, as written (`null` stays "null", as in JSON). A key that
// is itself a mapping or sequence shows as "?". Every document of a multi-document file
// goes under the root. An alias is a copy of its anchor's subtree, but the tree is capped
// at a size proportional to the input, so an alias bomb fails with `expansion_limit`
// instead of exhausting memory; nesting stops at kMaxNestingDepth with `too_deep`.
// Plain block-style YAML, most configs, is read by parse_block_yaml, which gives the same
// tree; the rest, errors included, by libyaml.
void parse_yaml(std::string_view content, ParsedConfig* out);

// libyaml's reading alone: what parse_block_yaml is tested against.
void parse_yaml_with_libyaml(std::string_view content, ParsedConfig* out);

}  // namespace cfgsweep
