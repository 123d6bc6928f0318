#pragma once

#include <string_view>

#include "parse/parsed_config.h"

namespace cfgsweep {

// Parses curly-brace hierarchies: Junos (`show configuration`), VyOS/EdgeOS config.boot
// (no ';' terminators) and PAN-OS `show` output. A statement ends at ';', '{', '}' or the
// end of its line; `[ a b ]` lists become one path per item, as `display set` writes them;
// `inactive:` and `protect:` set node flags; `#` comments and `/* */` annotations are not
// nodes. The tree is the one PathTreeBuilder makes, so it equals the tree of the same
// configuration in set or XML form. Iterative; nesting is bounded by kMaxNestingDepth.
void parse_braces(std::string_view content, ParsedConfig* out);

}  // namespace cfgsweep
