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

// Ends the process now with `status`, flushing stdio but running no destructor: for a
// second SIGINT/SIGTERM while SSH sessions are stuck in a blocking connect or read, which
// no libssh call can interrupt and which a join would wait out (--connect-timeout, up to
// minutes). The caller first writes what it has and removes what it created (the shared
// memory); what the stuck threads hold (sockets) goes with the
// process, and the last good backups stay as they were (each is replaced by rename); a
// backup's temporary file left in the directory is removed by the next fetch into it.
[[noreturn]] void exit_abandoning_threads(int status);

}  // namespace cfgsweep
