#pragma once

#include <string_view>

#include "parse/parsed_config.h"

namespace cfgsweep {

// Parses XML configurations with pugixml (which does not expand DTD entities, so an
// entity bomb stays a few bytes of text).
// - Junos (`show configuration | display xml`, with or without <rpc-reply>, or a bare
//   fragment such as <interfaces>): reduced to the same word paths as the brace and set
//   forms (<unit><name>0</name> is "unit 0"; <interface> under <interfaces> adds no word,
//   as in the brace form), so the three forms give one tree.
// - PAN-OS (<config> with <devices>/<entry>): reduced to the paths of its `set` form
//   (<entry name="x"> and <member>x</member> are the word x; the device and vsys
//   wrappers add none).
// - Any other XML: one node per element, text = tag, value = its `name` attribute or its
//   text.
// Iterative; nesting is bounded by kMaxNestingDepth.
void parse_xml(std::string_view content, ParsedConfig* out);

}  // namespace cfgsweep
