#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "inventory/inventory.h"
#include "engine/fleet/ssh_fetch.h"

namespace cfgsweep {

// One device and what to run on it.
struct FetchJob {
  const InventoryHost* host;
  std::vector<std::string> commands;
};

struct DeviceResult {
  const FetchJob* job;
  FetchAttempt attempt;  // the last one
  int attempts = 0;
  double total_ms = 0;  // from the first try to the end of the last, backoff included
};

struct RetryPolicy {
  int retries = 2;                             // tries after the first, for retryable failures
  std::chrono::milliseconds first_delay{500};  // doubled each time, with jitter
  std::chrono::milliseconds max_delay{8000};
};

// Fetches devices with at most `concurrency` sessions at once: a pool of that many threads
// (bounded by the flag, never one per device), each taking the next device when it is done
// with one. Each device is tried again after refused, reset or timed-out connections, with
// exponential backoff and jitter, never past the run's deadline.
class FetchPool {
 public:
  // `deadline_seconds`: for the whole of run(), from its start; 0 for none.
  FetchPool(const SshSettings& settings, RetryPolicy retry, unsigned concurrency,
            double deadline_seconds)
      : settings_(settings),
        retry_(retry),
        concurrency_(concurrency),
        deadline_seconds_(deadline_seconds) {}

  // Runs every job; `on_result` is called once per job, from the pool's threads, one call
  // at a time. Returns when all are done, or when `stop` is set and the devices in flight
  // are done (the ones not started get no result).
  void run(const std::vector<FetchJob>& jobs, const std::function<void(DeviceResult)>& on_result,
           const std::atomic<bool>& stop);

 private:
  DeviceResult fetch_with_retries(const FetchJob& job, const std::atomic<bool>& stop);

  const SshSettings& settings_;
  RetryPolicy retry_;
  unsigned concurrency_;
  double deadline_seconds_;
  std::chrono::steady_clock::time_point deadline_;
  KnownHostsWriter known_hosts_;
};

}  // namespace cfgsweep
