#pragma once

#include <time.h>

#include <cstdint>
#include <ctime>
#include <string>

namespace cfgsweep {

// CLOCK_MONOTONIC is system-wide, so a timestamp written by a worker into shared memory
// can be compared with the supervisor's clock.
inline int64_t monotonic_ns() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return int64_t{ts.tv_sec} * 1'000'000'000 + ts.tv_nsec;
}

// Now, in UTC, ISO 8601 to the second ("2026-12-02T13:41:02Z"): the HTML report's heading,
// a shard manifest's start and end.
inline std::string utc_now() {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

}  // namespace cfgsweep
