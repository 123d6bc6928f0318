#pragma once

#include <signal.h>

namespace cfgsweep {

// The supervisor's signal handling: SIGCHLD, SIGINT, SIGTERM and SIGHUP are blocked from
// the start (so the source thread, created later, inherits the block and never takes
// them) and are delivered only inside the main loop's ppoll(), whose mask unblocks them.
// Handlers only set flags; all work happens in the loop. SIGPIPE is ignored: a closed
// output shows up as EPIPE from write().
class SupervisorSignals {
 public:
  // REQUIRES: called once, before any thread is started.
  static void install();
  // The mask to pass to ppoll(): the mask at install() time, with our signals open.
  static const sigset_t* wait_mask();
  // Each returns whether the signal arrived since the last call, and clears it.
  static bool take_child_exited();
  static int take_stop_request();  // the signal number of SIGINT/SIGTERM/SIGHUP, or 0
};

}  // namespace cfgsweep
