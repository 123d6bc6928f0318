#include "common/fault_injection.h"

#include <unistd.h>

#include <cstdlib>

namespace cfgsweep::fault_injection {

#ifdef CFGSWEEP_FAULT_INJECTION
// Read on every call, not cached: a forked test child sets it after its parent ran.
static long ring_pause_us() {
  const char* text = std::getenv("CFGSWEEP_FAULT_RING_PAUSE_US");
  return text ? std::atol(text) : 0L;
}

void pause_in_ring_critical_section() {
  if (long us = ring_pause_us(); us > 0) ::usleep(static_cast<useconds_t>(us));
}

int worker_start_exit_code() {
  const char* text = std::getenv("CFGSWEEP_FAULT_WORKER_EXIT");
  return text ? std::atoi(text) : 0;
}

bool force_anonymous_segment() { return std::getenv("CFGSWEEP_FAULT_ANONYMOUS_SEGMENT"); }

bool enabled() { return true; }
#else
bool force_anonymous_segment() { return false; }
int worker_start_exit_code() { return 0; }
void pause_in_ring_critical_section() {}
bool enabled() { return false; }
#endif

}  // namespace cfgsweep::fault_injection
