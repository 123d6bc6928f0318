#pragma once

#include <optional>

#include "engine/run_options.h"

namespace cfgsweep {

// Parses the command line: every flag checked and turned into its type, enums included.
// Returns the exit code to leave with (help, version, or a usage error already printed by
// CLI11), or nullopt when `options` is ready to run. Files the flags name (policy,
// inventory) are read later, by prepare_run (engine/run_setup.h).
std::optional<int> parse_command_line(int argc, char** argv, RunOptions* options);

}  // namespace cfgsweep
