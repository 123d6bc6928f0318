#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "parse/config_tree.h"

namespace cfgsweep {

struct ParseIssue {
  uint32_t line = 0;  // 0: not about one line
  std::string code;
  std::string message;
};

// What a format's parser produces: the tree, the number of source lines, problems that did
// not stop the parse, and the one problem that did (the input then fails, with its line).
struct ParsedConfig {
  ConfigTree tree;
  uint32_t line_count = 0;
  std::vector<ParseIssue> issues;
  std::optional<ParseIssue> fatal;
  // The software version a header comment gives, where the tree has no line for it
  // ("!! IOS XR Configuration 7.3.2" -> "7.3.2"); empty otherwise.
  std::string header_version;
  // Owns what the tree's views point into when a library parsed a copy of the input (the
  // pugixml document, the YAML strings).
  std::shared_ptr<void> backing;
};

// Structured parsers stop at this nesting depth: a hostile input costs bounded memory and
// stack, and no real configuration comes near it.
inline constexpr int kMaxNestingDepth = 512;

}  // namespace cfgsweep
