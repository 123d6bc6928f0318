#pragma once

#include <string_view>

#include "parse/parsed_config.h"

namespace cfgsweep {

// Parses one-command-per-line configurations: Junos `display set`, VyOS/EdgeOS `show
// configuration commands`, PAN-OS `set` output, Nokia SR Linux `info flat`.
// `set` adds a path, `delete` removes one, `deactivate`/`activate` and `protect`/`unprotect`
// change flags. Quotes ("..." and '...') keep a word whole; `[ a b ]` adds a path per item.
// A line that is none of these stays in the tree as a node of its own at the top and is
// reported as an issue, so nothing is dropped.
void parse_set_commands(std::string_view content, ParsedConfig* out);

}  // namespace cfgsweep
