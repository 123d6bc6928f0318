#pragma once

#include "common/error.h"
#include "engine/run_options.h"

namespace cfgsweep {

// `cfgsweep diff OLD.jsonl NEW.jsonl`: what changed between two runs of parse/check/run,
// for the nightly e-mail or chat message: configs added, removed, changed (their
// fingerprint differs), newly failing to parse or recovered, and findings that are new or
// fixed. Writes JSON (or, with --text, a short summary for people) to stdout. Errors: 64 a
// file that is not cfgsweep JSON Lines, 66 a file that cannot be read, 74 output.
Result<ExitStatus> run_diff(const RunOptions& options);

}  // namespace cfgsweep
