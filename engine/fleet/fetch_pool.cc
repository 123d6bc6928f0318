#include "engine/fleet/fetch_pool.h"

#include <algorithm>
#include <mutex>
#include <random>
#include <thread>

namespace cfgsweep {

namespace {

using Clock = std::chrono::steady_clock;

// Full jitter on an exponential backoff: spreads the retries of many devices that failed
// together (a flapping link, a restarting jump host) instead of retrying them in step.
std::chrono::milliseconds backoff(const RetryPolicy& retry, int attempt, std::mt19937* random) {
  auto ceiling = std::min(retry.max_delay, retry.first_delay * (1 << std::min(attempt, 16)));
  std::uniform_int_distribution<long long> pick(ceiling.count() / 2, ceiling.count());
  return std::chrono::milliseconds(pick(*random));
}

}  // namespace

DeviceResult FetchPool::fetch_with_retries(const FetchJob& job, const std::atomic<bool>& stop) {
  thread_local std::mt19937 random(std::random_device{}());
  auto start = Clock::now();
  DeviceResult result{&job, {}, 0, 0};
  while (true) {
    ++result.attempts;
    result.attempt = fetch_device(*job.host, job.commands, settings_, &known_hosts_, deadline_);
    if (!result.attempt.retryable() || result.attempts > retry_.retries || stop) break;
    auto wait = backoff(retry_, result.attempts - 1, &random);
    if (Clock::now() + wait >= deadline_) break;
    std::this_thread::sleep_for(wait);
  }
  result.total_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  return result;
}

void FetchPool::run(const std::vector<FetchJob>& jobs,
                    const std::function<void(DeviceResult)>& on_result,
                    const std::atomic<bool>& stop) {
  auto now = Clock::now();
  deadline_ =
      deadline_seconds_ > 0
          ? now + std::chrono::milliseconds(static_cast<long long>(deadline_seconds_ * 1000))
          : now + std::chrono::hours(24 * 365);
  std::atomic<std::size_t> next{0};
  std::mutex report;
  auto work = [&] {
    for (std::size_t i; !stop && (i = next++) < jobs.size();) {
      DeviceResult result = fetch_with_retries(jobs[i], stop);
      std::lock_guard hold(report);
      on_result(std::move(result));
    }
  };
  std::vector<std::jthread> threads;
  unsigned count =
      std::max(1u, std::min<unsigned>(concurrency_, static_cast<unsigned>(jobs.size())));
  threads.reserve(count);
  for (unsigned t = 0; t < count; ++t) threads.emplace_back(work);
}

}  // namespace cfgsweep
