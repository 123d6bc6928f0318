#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "common/error.h"
#include "engine/run_options.h"
#include "engine/shard_manifest.h"

namespace cfgsweep {

// A sharded run's record of the lines it writes, turned into its manifest at the end
// (engine/shard_manifest.h). Not thread-safe: called by whoever writes the results, one at a
// time (the supervisor's main thread; fetch's pool threads under its output lock; remediate's
// main thread).
class ShardLedger {
 public:
  ShardLedger(const RunOptions& options, bool fetched,
              const std::vector<std::string>& policy_files);

  // One line written, in file order; `key` is what finish()'s `position` maps to the
  // line's place in the whole run (an input id, or the place itself).
  void wrote(uint64_t key) { keys_.push_back(key); }

  // What every shard of the run sees: its inputs, their digest, and for --shard-by the
  // values the field takes.
  struct Universe {
    uint64_t inputs = 0;
    uint64_t digest = 0;
    std::vector<std::string> values;
  };
  // Writes the manifest. `sorted_keys`: the lines went out in key order (--ordered).
  // `position`: key -> place (null: the key is the place). `written`: the results' digest as
  // they were written (null: the file is read back).
  Result<void> finish(const Universe& universe, int exit_code, int64_t store_run, bool sorted_keys,
                      const std::function<uint64_t(uint64_t)>& position,
                      const StreamDigest* written = nullptr);

 private:
  ShardManifest manifest_;
  std::string results_path_;
  std::vector<uint64_t> keys_;
};

}  // namespace cfgsweep
