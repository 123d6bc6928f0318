#pragma once

#include <string_view>

#include "parse/parsed_config.h"

namespace cfgsweep {

// Parses FortiOS `show` / `show full-configuration` output: "config <path>" and
// "edit <name>" open a block, "next" and "end" close one, every other line ("set ...",
// "unset ...", "append ...") is a node in the open block. Blocks follow the keywords, not
// the indentation, so hand-edited files with odd spacing parse the same. The "#config-
// version=..." header stays as a comment. Iterative; nesting bounded by kMaxNestingDepth.
void parse_fortios(std::string_view content, ParsedConfig* out);

}  // namespace cfgsweep
