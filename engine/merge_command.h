#pragma once

#include "common/error.h"
#include "common/exit_status.h"
#include "engine/run_options.h"

namespace cfgsweep {

// `cfgsweep merge SHARD...` (docs/scale-out.md): the shards of one sharded run (each a
// results file with its FILE.shard.json) merged into that run: every result once, shard by
// shard or (--ordered) in the whole run's input order; the reports rebuilt from the merged
// results (--report, with the shards' policy); the shards' run stores' runs recorded as one
// run (--store); the summary; and the worst shard's exit code (0, 1 findings, 2 failed
// inputs). A missing, repeated or foreign shard (another run, another N), a shard that was
// interrupted, or a results file that changed after its manifest is an error that names it
// (64, 66), before anything is written.
Result<ExitStatus> run_merge(const RunOptions& options);

}  // namespace cfgsweep
