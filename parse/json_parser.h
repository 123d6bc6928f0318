#pragma once

#include <string_view>

#include "parse/parsed_config.h"

namespace cfgsweep {

// Parses JSON (cloud and controller dumps, SONiC config_db, Junos `display json`) with
// RapidJSON's iterative SAX reader, straight into the tree: an object member is a node with
// text = key, an array item a node with text "-"; scalars are the value. No recursion;
// nesting is bounded by kMaxNestingDepth.
void parse_json(std::string_view content, ParsedConfig* out);

}  // namespace cfgsweep
