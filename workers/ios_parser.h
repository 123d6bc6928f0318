#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "workers/config_tree.h"

namespace cfgsweep {

struct ParseIssue {
  uint32_t line;
  std::string code;
  std::string message;
};

struct IosParse {
  ConfigTree tree;
  uint32_t line_count = 0;
  std::vector<ParseIssue> issues;  // non-fatal: the tree is complete regardless
};

// Parses IOS-family indented text (IOS, IOS-XE, NX-OS, IOS-XR, ASA, EOS) into `out->tree`:
// a line's parent is the nearest earlier line with less indentation. '!' comment lines,
// "Building configuration..." / "Current configuration" preambles and "end" are not nodes.
// Multi-line banners (any delimiter, "^C", or EOS's "EOF" terminator) become one node whose
// children are the banner's lines, so banner text is never mistaken for commands.
// Iterative, no recursion: nesting depth costs heap, not stack.
void parse_ios(std::string_view content, IosParse* out);

}  // namespace cfgsweep
