#pragma once

#include <time.h>

#include <cstdint>

namespace cfgsweep {

// CLOCK_MONOTONIC is system-wide, so a timestamp written by a worker into shared memory
// can be compared with the supervisor's clock.
inline int64_t monotonic_ns() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return int64_t{ts.tv_sec} * 1'000'000'000 + ts.tv_nsec;
}

}  // namespace cfgsweep
