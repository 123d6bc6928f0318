#include "engine/shard_ledger.h"

#include "common/clock.h"

#include <algorithm>

namespace cfgsweep {

ShardLedger::ShardLedger(const RunOptions& options, bool fetched,
                         const std::vector<std::string>& policy_files)
    : manifest_(shard_manifest_for(options, fetched, policy_files)), results_path_(options.output) {
  ::unlink(manifest_path_for(results_path_).c_str());
}

Result<void> ShardLedger::finish(const Universe& universe, int exit_code, int64_t store_run,
                                 bool sorted_keys,
                                 const std::function<uint64_t(uint64_t)>& position,
                                 const StreamDigest* written) {
  if (sorted_keys) std::sort(keys_.begin(), keys_.end());
  manifest_.positions.clear();
  manifest_.positions.reserve(keys_.size());
  for (uint64_t key : keys_) manifest_.positions.push_back(position ? position(key) : key);
  manifest_.inputs = universe.inputs;
  manifest_.values = universe.values;
  manifest_.exit_code = exit_code;
  manifest_.store_run = store_run;
  manifest_.ended_at = utc_now();
  manifest_.run = shard_run_key(manifest_.command, manifest_.settings_hash, manifest_.shard,
                                universe.inputs, universe.digest);
  return write_shard_manifest(results_path_, manifest_, written);
}

}  // namespace cfgsweep
