#pragma once

#include <optional>

#include "engine/run_options.h"

namespace cfgsweep {

// Parses the command line. Returns the exit code to leave with (help, version, or a
// usage error already printed), or nullopt when `options` is ready to run.
std::optional<int> parse_command_line(int argc, char** argv, RunOptions* options);

}  // namespace cfgsweep
