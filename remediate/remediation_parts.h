#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "remediate/config_lines.h"
#include "remediate/remediation.h"

namespace cfgsweep {

// What the families' implementations share (remediation.cc, fortios_remediation.cc); not
// for callers of the library.

// `line` and everything under it, as added lines (the first with `action` and
// `running_line`).
void add_whole(const ConfigLine& line, std::vector<std::string>* context,
               RemediationCommand::Action action, uint32_t running_line,
               std::vector<RemediationCommand>* out);
// The child of `level` whose text is `text`, or null.
ConfigLine* child_named(ConfigLine* level, std::string_view text);

}  // namespace cfgsweep
