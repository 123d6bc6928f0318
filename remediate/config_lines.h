#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "remediate/driver.h"

namespace cfgsweep {

// A config as remediation compares it: the parsed tree (parse/), one ConfigLine per node,
// without the lines the driver ignores. For the set family a line is one step of a path
// ("unit 0", "description \"to core\""); for the others, the line as written.
struct ConfigLine {
  std::string text;
  uint32_t line = 0;      // in the file; 0 for lines made by applying a remediation
  bool inactive = false;  // Junos "deactivate"
  std::vector<ConfigLine> children;
};

// Parses `text` (its format detected, and checked against the driver's family) into the
// tree remediation compares. An error (kInputsFailed) says why: no known format, a format
// the driver does not take, a parse error with its line.
Result<ConfigLine> read_config_lines(std::string_view text, const Driver& driver);

}  // namespace cfgsweep
