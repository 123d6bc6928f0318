#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "remediate/config_lines.h"
#include "remediate/driver.h"
#include "remediate/remediation.h"

namespace cfgsweep {

// FortiOS, for remediation.cc (docs/remediation.md): `config` blocks of `set`/`unset`
// settings and `edit` entries. Pure; any thread.

inline bool is_fortios_entry(std::string_view text) { return text.starts_with("edit "); }

// The commands from `running` to `intended` (a block, or the root): settings by key (`set`
// replaces, `unset` removes), entries by name (new ones whole, gone ones `delete`d), nested
// blocks recursively, and `move` in the blocks the driver names as ordered.
void diff_fortios(const ConfigLine& running, const ConfigLine& intended,
                  std::vector<std::string>* context, const Driver& driver,
                  std::vector<RemediationCommand>* out);
// One command on one level, as FortiOS applies it.
void apply_fortios_line(ConfigLine* level, const std::string& text);
// FortiOS shows no `config` block that holds nothing: such blocks are left out.
void drop_empty_blocks(ConfigLine* line);

}  // namespace cfgsweep
