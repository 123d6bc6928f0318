#pragma once

// Test-only hooks that widen race windows. Compiled in only when the build sets
// CFGSWEEP_FAULT_INJECTION (the test configuration does; release builds do not), and
// even then inert unless their environment variable is set.
namespace cfgsweep::fault_injection {

// Sleeps CFGSWEEP_FAULT_RING_PAUSE_US microseconds inside the job ring's critical
// section, so that a test which SIGKILLs workers often lands inside a queue operation.
void pause_in_ring_critical_section();

// The exit code CFGSWEEP_FAULT_WORKER_EXIT asks every worker to die with at start, before
// it takes a job (a worker that cannot start: a missing library, an address-space limit
// a sanitizer cannot live with); 0 when unset.
int worker_start_exit_code();

// Whether CFGSWEEP_FAULT_ANONYMOUS_SEGMENT asks the supervisor for the anonymous (memfd)
// segment it uses where /dev/shm is small, so that tests reach that path anywhere.
bool force_anonymous_segment();

// True in builds where the config-content markers (see worker/fault_markers.h) act.
bool enabled();

}  // namespace cfgsweep::fault_injection
