#pragma once

#include <memory>

#include "common/error.h"
#include "engine/run_options.h"
#include "policy/policy.h"

namespace cfgsweep {

// Supervisor, before any worker starts: reads and checks what a run needs besides its
// inputs, so that a mistake in it stops the run before any work, with every mistake of the
// file listed. The policy (--policy) is compiled and returned (null without one); with
// `check --inventory` the inventory is loaded once to check it (the workers load their
// own); a query's patterns are compiled. Errors are kUsage ("policy: FILE:LINE:COL: ...",
// "inventory: ...", a query's "bad --match pattern ...").
Result<std::unique_ptr<Policy>> prepare_run(const RunOptions& options);

}  // namespace cfgsweep
