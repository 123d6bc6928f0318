#pragma once

#include <string>
#include <vector>

#include "common/error.h"
#include "common/fd.h"
#include "engine/shard_manifest.h"
#include "store/run_store.h"

namespace cfgsweep {

// One shard of a run as `cfgsweep merge` reads it: its manifest, and its results file, open.
struct LoadedShard {
  std::string manifest_path, results_path;
  ShardManifest manifest;
  Fd results;  // checked against the manifest through this descriptor, then read through it
  RunStore::RunTotals store_totals;  // with_stores: the counts of its run in its store
};

// Reads every manifest (SHARD: a manifest, or the results file beside which it lies) and
// checks, before anything is written, that the shards are one whole run:
//   - each results file is what its manifest says (line count, XXH3), read through the
//     descriptor the merge then reads (a shard re-run meanwhile cannot slip in);
//   - all of one run (the majority's run key; for another, what differs: command, N, field,
//     --shard-run, settings, inputs), each shard once, each finished (exit 0, 1 or 2), each
//     --shard-by value one the run's hosts take;
//   - none missing (each named with the --shard / --shard-by that makes it);
//   - every input of the run exactly once: the positions of all lines distinct and within
//     the run's inputs, as many lines as inputs (but `run`: a device gives a line per command);
//   - `with_stores` (merge --store): each shard kept its run, finished, in a store, with as
//     many results as lines, no two shards naming one run.
// Errors: 64 a foreign, repeated, unfinished or inconsistent shard; 66 a missing shard or
// results file. Every mistake is listed, each naming its shard.
Result<std::vector<LoadedShard>> load_shard_set(const std::vector<std::string>& paths,
                                                bool with_stores);

}  // namespace cfgsweep
