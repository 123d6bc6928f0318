#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "parse/config_tree.h"
#include "parse/format_detect.h"

namespace cfgsweep {

// Where the secrets of a configuration sit: one table per kind of syntax, read by every
// redaction (the tree of a result, fetch --redact, template lines), so that all outputs
// agree on what a secret is.
//
// - Line syntaxes (IOS family, FortiOS, ifupdown), whose nodes hold whole lines: rules per
//   first word ("snmp-server host ... version 2c COMMUNITY"), some only inside a block
//   ("key 7 X" under "radius server R"); then any word after a secret keyword ("password",
//   "secret", "key-string", ...) past its type words ("7", "sha512", "md5", "ENC").
// - Hierarchical syntaxes (braces, set, XML, JSON, YAML), whose nodes hold a keyword and its
//   argument: a secret keyword's value, or its leaf children ("encrypted-password" "$6$...",
//   "pre-shared-key ascii-text" "$9$..."); names below community keywords under snmp.
// - In every syntax: hash forms ("$9$...", "$6$...", FortiOS "ENC ...", PAN-OS "-AQ==...").

// One secret: a byte range of a node's text or value (or of a line).
struct SecretToken {
  bool in_value = false;
  // The secret names a node (an SNMP community in a hierarchical tree): two such secrets
  // redacted alike would merge two nodes when the redacted text is parsed again.
  bool names_node = false;
  uint32_t begin = 0;
  uint32_t length = 0;
};

// Whether nodes of this format hold whole lines (line rules) or keywords (keyword rules).
bool holds_whole_lines(ConfigFormat format);

// Appends the secret tokens of one node of a tree parsed as `format`, in text order
// (text before value), without overlaps.
void find_node_secrets(const ConfigTree& tree, int32_t node, ConfigFormat format,
                       std::vector<SecretToken>* out);

// Appends the secret tokens of one line of configuration of any syntax, read without its
// block (a template line of an intended-config rule, a line of an unknown format).
void find_line_secrets(std::string_view line, std::vector<SecretToken>* out);

}  // namespace cfgsweep
