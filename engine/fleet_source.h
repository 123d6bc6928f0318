#pragma once

#include <array>
#include <atomic>
#include <cstdint>

#include "engine/fleet/fleet_plan.h"
#include "engine/job_dispatcher.h"

namespace cfgsweep {

// The source of `cfgsweep run`: fetches the fleet with the session pool and hands each
// command's output to the workers as it arrives (copied into the shared arena, so parsing
// starts while the rest of the fleet is still being fetched). The input's `source` is the
// device name and its `member` the command; a device that could not be fetched gets an
// error result whose code is the fetch status (auth_failed, timeout, ...). Runs on the
// supervisor's source thread; returns when every device is done or the dispatcher stops.
// `sessions` (may be null): devices by FetchStatus, counted as they finish (--metrics).
void feed_from_fleet(const FleetPlan& plan, JobDispatcher* dispatcher, uint64_t max_file_size,
                     std::array<std::atomic<uint64_t>, kFetchStatusCount>* sessions = nullptr);

// --shard: a fetched input's place in the whole run, for `merge --ordered`: its device's
// in inventory order (before sharding), then its command's. Lives as long as `plan`.
JobDispatcher::PositionLookup fleet_positions(const FleetPlan& plan);

}  // namespace cfgsweep
