#pragma once

#include <memory>

#include "common/error.h"
#include "engine/run_options.h"
#include "policy/policy.h"

namespace cfgsweep {

// `cfgsweep fetch`: loads and checks the inventory and the secrets (a mistake stops the run
// before any connection), fetches every selected device with a bounded pool of sessions,
// saves configs atomically when --out is given, and writes one JSON object per device.
// Returns the outcome: 0 every device fetched, 2 some failed, 130 interrupted; or an error:
// 64 a bad inventory or flag, 66 no inventory or no host selected, 74 output error.
Result<ExitStatus> run_fetch(const RunOptions& options);

// `cfgsweep run`: fetches the fleet as `fetch` does (the inventory and secrets are checked
// before any worker starts) and parses every output with the worker pool as it arrives,
// writing parse results (source = device, member = command), checked against `policy`
// when given. Exit codes as `parse`'s, and 64/66 for the inventory as `fetch`'s.
Result<ExitStatus> run_fetch_and_parse(RunOptions options, std::unique_ptr<Policy> policy);

}  // namespace cfgsweep
