#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <xxhash.h>

#include "common/error.h"
#include "common/shard.h"

namespace cfgsweep {

class StreamDigest;  // below

// What a sharded run (--shard, --shard-by) leaves beside its -o FILE as FILE.shard.json, for
// `cfgsweep merge` (docs/scale-out.md): which shard of which run it is, how its results
// file must look, where each result goes in the whole run's order, and its exit code.
// Written once, atomically, after the results file is complete; a shard that was killed
// leaves none (or last night's, which names another run).
struct ShardManifest {
  static constexpr int kFormat = 1;
  std::string version;  // the binary's
  std::string command;  // parse, check, run, fetch, remediate
  std::string run;      // the run's key: equal for every shard of one run
  ShardSpec shard;
  std::vector<std::string> values;  // --shard-by: every value of the field, in all shards
  uint64_t inputs = 0;              // in all shards
  std::string results;              // the results file's name, beside the manifest
  uint64_t lines = 0;
  std::string results_hash;         // XXH3-64 of the results file
  std::vector<uint64_t> positions;  // per line: its input's place in the whole run
  int exit_code = 0;
  std::string fail_on;        // check, run --policy: --fail-on
  std::string policy;         // the policy file, absolute (for merge --report)
  std::string policy_hash;    // of its files' contents (includes too)
  std::string settings_hash;  // what decides results: run_identity.h's, --fail-on, --max-file-size
  bool show_secrets = false;  // the shard wrote secrets in clear (and its store kept them so)
  std::string store;          // --store, absolute; empty when none
  int64_t store_run = 0;      // this shard's run in it
  std::string started_at, ended_at;
};

// A sharded run's manifest as its options make it: version, command, shard, settings,
// --fail-on, policy (absolute, and the hash of its files' contents), store, start time. The
// caller adds its inputs, positions and exit code, and then the run key (shard_run_key).
struct RunOptions;
ShardManifest shard_manifest_for(const RunOptions& options, bool fetched,
                                 const std::vector<std::string>& policy_files);

// "FILE.shard.json" for results FILE.
std::string manifest_path_for(const std::string& results_path);

// The run key of a shard: the same for every shard of one run (version, command, settings,
// shard count and field, --shard-run, and every shard's inputs), different for another.
std::string shard_run_key(const std::string& command, const std::string& settings_hash,
                          const ShardSpec& shard, uint64_t inputs, uint64_t inputs_digest);

// Writes `manifest` beside its results (manifest_path_for), atomically, with the mode a new file
// gets (umask); computes `lines` and `results_hash` from the file. Errors are kIoError.
// `written`: the digest of the results as they were written, when the writer kept one
// (otherwise the file is read back).
Result<void> write_shard_manifest(const std::string& results_path, ShardManifest manifest,
                                  const StreamDigest* written = nullptr);

// Reads FILE.shard.json (or, given the results FILE, the manifest beside it). An error
// (kNoInput: missing; kUsage: not a shard manifest of this format) names the file.
// `manifest_path`: the manifest's path; `results_path`: its results file's path.
Result<ShardManifest> read_shard_manifest(const std::string& path, std::string* manifest_path,
                                          std::string* results_path);

// A manifest's text, checked: an error (kUsage) naming `where` when it is not a shard
// manifest of this format or a field is missing, of the wrong type or out of range (index
// not below count, a positions array not one per line, a results name with a '/'). Pure.
Result<ShardManifest> parse_shard_manifest(std::string_view text, const std::string& where);

// XXH3-64 of a file's bytes (16 hex digits) and its line count; an error (kNoInput) if it
// cannot be read.
struct FileDigest {
  std::string hash;
  uint64_t lines = 0;
};

// The same of bytes as they go by: a writer that keeps one (the supervisor's result sink)
// need not read its gigabytes of output back for the manifest. One thread.
class StreamDigest {
 public:
  StreamDigest();
  void update(std::string_view bytes);
  FileDigest value() const;

 private:
  std::unique_ptr<XXH3_state_t, decltype(&XXH3_freeState)> state_;
  uint64_t lines_ = 0;
};
Result<FileDigest> digest_file(const std::string& path);
// The same of an open regular file (read with pread: its offset is left as it was).
Result<FileDigest> digest_fd(int fd, const std::string& path);

}  // namespace cfgsweep
