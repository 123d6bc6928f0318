#pragma once

#include <string>
#include <string_view>

#include "parse/config_tree.h"
#include "parse/format_detect.h"

namespace cfgsweep {

// What stands in for a secret in every output: saved configs, the tree, the model.
inline constexpr std::string_view kRedacted = "<redacted>";

// Redacts every secret of a tree parsed as `format` (parse/secret_table.h), once, where a
// result is built: each secret token becomes kRedacted, the words around it stay (the type
// digit says what kind of secret was there). The clear forms stay in the tree for the policy
// evaluator (ConfigTree::reveal_secrets). Nodes already redacted are left alone. Returns
// how many secret tokens it replaced.
int redact_tree(ConfigTree* tree, ConfigFormat format);

// One line of configuration (any syntax) with its secrets redacted: the lines of an
// intended-config template, evidence built from the model.
std::string redact_line(std::string_view line);

// `fetch --redact`: the config text with only its secret tokens replaced, every other byte
// kept, so that the saved backup parses to the tree of the original with its secrets
// redacted. The format is detected; text of no known format is redacted line by line.
// `count`: how many secrets were replaced.
std::string redact_config_text(std::string_view config, int* count = nullptr);

// Key material between PEM armour lines ("-----BEGIN ... -----END"), which no secret table
// knows line by line (a FortiOS "set private-key" value spans lines): each line of it
// becomes kRedacted; the armour lines stay. For text shown or stored after
// redact_config_text (diff's line diffs, the run store's configs).
std::string redact_pem_blocks(std::string_view text);

}  // namespace cfgsweep
