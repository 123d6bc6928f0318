#pragma once

// Test-only hooks that widen race windows. Compiled in only when the build sets
// CFGSWEEP_FAULT_INJECTION (the test configuration does; release builds do not), and
// even then inert unless their environment variable is set.
namespace cfgsweep::fault_injection {

// Sleeps CFGSWEEP_FAULT_RING_PAUSE_US microseconds inside the job ring's critical
// section, so that a test which SIGKILLs workers often lands inside a queue operation.
void pause_in_ring_critical_section();

// True in builds where the config-content markers (see worker/fault_markers.h) act.
bool enabled();

}  // namespace cfgsweep::fault_injection
