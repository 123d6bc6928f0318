#pragma once

#include "common/error.h"
#include "engine/run_options.h"

namespace cfgsweep {

// `cfgsweep remediate --running PATH... --intended PATH...` (docs/remediation.md): for each
// device (running and intended configs paired by device name), the commands that take the
// running config to the intended one, verified by applying them with the same driver, and
// with --rollback the commands back. JSON Lines (or --text, as pasted) on stdout, and with
// --out DIR one file per device. Exit 0 when every device converged, 2 when one failed
// (its error result says why), 64 a bad flag or driver, 66 no input, 74 output.
Result<ExitStatus> run_remediate(const RunOptions& options);

}  // namespace cfgsweep
