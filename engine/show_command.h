#pragma once

#include "common/error.h"
#include "engine/run_options.h"

namespace cfgsweep {

// `cfgsweep show FILE`: parses one file in this process (no worker pool, no shared
// memory) and prints its tree, its model or its whole result. An input that cannot be read
// or parsed is an error (66 or 2) that gives its reasons with their lines.
Result<ExitStatus> run_show(const RunOptions& options);

}  // namespace cfgsweep
