#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "parse/config_tree.h"
#include "policy/policy.h"
#include "remediate/driver.h"

namespace cfgsweep {

// check --remediation: the commands that give `section` of `tree` (kRoot for the top level)
// an intended-config rule's `intended` lines, as pasted: missing lines added, extra direct
// children negated (unless `extra: false`), one-per-key lines replaced; an `ordered` section
// replaced whole. Without the driver's final `end`; secrets redacted when `redact`. Made with
// the remediation library (remediate/), for IOS-like CLIs. Pure; a worker's thread.
std::vector<std::string> intended_fix_commands(const ConfigTree& tree, int32_t section,
                                               const std::vector<std::string>& intended,
                                               const IntendedRule& rule, const Driver& driver,
                                               bool redact);

}  // namespace cfgsweep
