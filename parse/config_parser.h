#pragma once

#include <string_view>

#include "parse/format_detect.h"
#include "parse/parsed_config.h"

namespace cfgsweep {

// Runs the parser of `format` over `content`. Every parser is iterative and bounds its
// nesting, so any input costs time and memory proportional to its size.
void parse_config(ConfigFormat format, std::string_view content, ParsedConfig* out);

}  // namespace cfgsweep
