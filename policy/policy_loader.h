#pragma once

#include <string>

#include "common/error.h"
#include "policy/policy.h"

namespace cfgsweep {

// Loads and compiles a policy file (docs/policy.md), following its `include`s (relative to
// the including file; a cycle is an error). Everything is checked here, before any config
// is read: unknown keys, missing or conflicting rule kinds, bad RE2 patterns, unknown
// severities, unknown model fields, operators that do not fit a field, unknown list
// names, duplicate rule ids. The error (ExitStatus::kUsage) lists every mistake of the
// files, one per line, each "file:line:column: message".
Result<Policy> load_policy(const std::string& path);

}  // namespace cfgsweep
