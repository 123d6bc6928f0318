#pragma once

#include <string_view>

#include "workers/parsed_config.h"

namespace cfgsweep {

// Parses YAML (NVUE startup.yaml, netplan, AVD structured configs, any YAML dump) with
// yaml-cpp: a mapping entry is a node with text = key, a sequence item a node with text
// "-"; scalars are the value. Every document of a multi-document file goes under the root.
// Aliases are followed, but the tree is capped at a size proportional to the input, so an
// alias bomb fails with `expansion_limit` instead of exhausting memory; yaml-cpp's own
// depth guard and kMaxNestingDepth bound the nesting.
void parse_yaml(std::string_view content, ParsedConfig* out);

}  // namespace cfgsweep
