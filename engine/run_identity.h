#pragma once

#include <string>
#include <vector>

#include "engine/run_options.h"

namespace cfgsweep {

// What makes two runs "the same run" for the run store (--incremental, --resume) and for
// `cfgsweep merge` (the shards of one run). Pure functions of the options and the files
// they name; any thread.

// "parse", "check", "run" or "fetch": the name the store and the shard manifests give a
// command. `fetched`: `run` (configs fetched from an inventory).
std::string command_name(const RunOptions& options, bool fetched);

// XXH3-64 of a file's bytes as 16 hex digits; empty for no path (an unreadable file hashes
// as an empty one).
std::string file_hash(const std::string& path);

// Of every file an inventory is read from (inventory/inventory.h): a Nornir directory's
// hosts.yaml, groups.yaml and defaults.yaml, a hosts file's groups.yaml and defaults.yaml
// beside it, or the one file; empty for no path.
std::string inventory_hash(const std::string& path);

// Of every file a policy was read from (its includes too), with their paths: a changed or
// moved include changes it.
std::string files_hash(const std::vector<std::string>& paths);
// Of the same files' contents only: equal wherever the policy is mounted (a shard's
// machine and the merge's).
std::string contents_hash(const std::vector<std::string>& paths);

// What decides a config's result besides its content: the version, command, format,
// vendor, --show-secrets, --device-from, the policy and inventory, --ignore-lines. Equal for
// two runs, an unchanged config's result may be reused. --shard is not part of it.
std::string settings_hash(const RunOptions& options, const std::string& command,
                          const std::string& policy_hash, const std::string& inventory_hash);

std::string hex64(uint64_t value);

}  // namespace cfgsweep
