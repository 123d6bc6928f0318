#pragma once

#include "common/error.h"
#include "engine/run_options.h"

namespace cfgsweep {

// The run store's readers (docs/store.md). Each opens the store read-only and writes JSON
// Lines (or, with --text, lines for people) to stdout. Errors: 66 a store that does not
// exist or is not a cfgsweep store, 64 an unknown run or device, 74 output.

// `cfgsweep runs --store DB`: one object per run, oldest first.
Result<ExitStatus> run_runs(const RunOptions& options);
// `cfgsweep history --store DB [DEVICE] [--rule R]`: per device, when its config changed
// (first run, new fingerprint, new status) and each finding's intervals: first_seen,
// last_seen, and the run that cleared it.
Result<ExitStatus> run_history(const RunOptions& options);
// `cfgsweep show DEVICE@RUN --store DB`: the config the store kept of DEVICE in RUN (a run
// id, or `last`): its text, or with --tree/--model/--json what `show` makes of it.
Result<std::string> stored_config_for_show(const RunOptions& options, std::string* label);

}  // namespace cfgsweep
