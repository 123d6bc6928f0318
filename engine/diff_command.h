#pragma once

#include "common/error.h"
#include "engine/run_options.h"

namespace cfgsweep {

// `cfgsweep diff OLD.jsonl NEW.jsonl`: what changed between two runs of parse/check/run,
// device by device, for the nightly e-mail or chat message: devices added, removed,
// changed (their fingerprint differs; with the unified diff of their config files when both
// still exist), newly failing to parse or recovered, and findings that are new or fixed.
// Writes JSON (or, with --text, a summary for people) to stdout; warnings (a truncated last
// line, two results for one device) to stderr. Returns 1 with --fail-on when a new finding
// is at or above it. Errors: 64 a file that is not cfgsweep JSON Lines, 66 a file that
// cannot be read, 74 output.
Result<ExitStatus> run_diff(const RunOptions& options);

}  // namespace cfgsweep
