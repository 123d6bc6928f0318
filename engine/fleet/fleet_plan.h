#pragma once

#include <memory>
#include <optional>
#include <string>
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
};

// An error for a mistake in what the user gave (flag, inventory, secret, output
// directory): the run does not start.
Result<std::unique_ptr<FleetPlan>> prepare_fleet(const FetchOptions& options);

}  // namespace cfgsweep
