#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "parse/parsed_config.h"

namespace cfgsweep {

// Parses IOS-family indented text (IOS, IOS-XE, NX-OS, IOS-XR, ASA, EOS) into `out->tree`:
// a line's parent is the nearest earlier line with less indentation. '!' comment lines,
// "Building configuration..." / "Current configuration" preambles and "end" are not nodes.
// Multi-line banners (any delimiter, "^C", or EOS's "EOF" terminator) become one node whose
// children are the banner's lines, so banner text is never mistaken for commands.
// With `one_line_banners` (ASA, which writes each banner line as a command of its own:
// "banner motd ***** text *****"), no banner has a delimiter or children.
// Iterative, no recursion: nesting depth costs heap, not stack.
void parse_ios(std::string_view content, ParsedConfig* out, bool one_line_banners = false);

}  // namespace cfgsweep
