#pragma once

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/error.h"
#include "engine/fleet/backup_store.h"
#include "engine/fleet/fetch_options.h"
#include "engine/fleet/fetch_pool.h"

namespace cfgsweep {

// Everything a fetch needs, checked before the first connection: the selected hosts, what
// each runs, the SSH settings with their secrets, the backup directory.
struct FleetPlan {
  std::vector<InventoryHost> hosts;
  std::vector<FetchJob> jobs;  // one per host, pointing into `hosts`
  SshSettings settings;
  RetryPolicy retry;
  unsigned concurrency = 100;
  double deadline_seconds = 0;  // 0: none
  std::optional<BackupStore> store;

  // --shard, --shard-by: what the run's every shard selects (`hosts` keeps this shard's),
  // for the shard manifest that `cfgsweep merge` checks.
  struct Universe {
    uint64_t hosts = 0;               // selected by --limit and --filter, in all shards
    uint64_t digest = 0;              // of their names, in inventory order
    std::vector<std::string> values;  // --shard-by: each value the field takes ("": none)
    std::unordered_map<std::string, uint64_t> position;  // name -> place in inventory order
  };
  Universe universe;
};

// An error for a mistake in what the user gave (flag, inventory, secret, output
// directory): the run does not start.
Result<std::unique_ptr<FleetPlan>> prepare_fleet(const FetchOptions& options);

}  // namespace cfgsweep
