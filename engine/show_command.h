#pragma once

#include "engine/run_options.h"

namespace cfgsweep {

// `cfgsweep show FILE`: parses one file in this process (no worker pool, no shared
// memory) and prints its tree, its model or its whole result. Returns the exit code.
int run_show(const RunOptions& options);

}  // namespace cfgsweep
