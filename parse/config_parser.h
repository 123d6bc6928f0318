#pragma once

#include <string_view>

#include "parse/format_detect.h"
#include "parse/parsed_config.h"

namespace cfgsweep {

// Runs the parser of `format` over `content`. Every parser is iterative and bounds its
// nesting, so any input costs time and memory proportional to its size. `vendor`, when
// known, settles what the syntax alone cannot (ASA's banners are one line each).
void parse_config(ConfigFormat format, std::string_view content, ParsedConfig* out,
                  Vendor vendor = Vendor::kUnknown);

}  // namespace cfgsweep
