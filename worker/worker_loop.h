#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>

namespace cfgsweep {

// Exit codes a worker uses to tell the supervisor why it ended without a signal.
inline constexpr int kWorkerExitDone = 0;          // the supervisor requested shutdown
inline constexpr int kWorkerExitSetupFailed = 65;  // could not attach to the run
inline constexpr int kWorkerExitOom = 86;          // allocation failed under --worker-memory
inline constexpr int kWorkerExitOrphaned = 87;     // the supervisor is gone
inline constexpr int kWorkerExitPipeFailed = 88;   // the result pipe broke

// The file descriptor on which a worker finds its result pipe (set up by the spawner).
inline constexpr int kWorkerResultFd = 3;

struct WorkerArgs {
  std::string segment_name;
  uint32_t slot = 0;
  pid_t supervisor = 0;
  // The process's own argv and environment, which its title overwrites (setproctitle):
  // `ps` then shows "cfgsweep: worker 3: edge1.cfg", as nginx names its workers.
  int argc = 0;
  char** argv = nullptr;
  char** envp = nullptr;
};

// A worker process's whole life: attach to the segment, then pop, process and report
// jobs until the supervisor requests shutdown (the worker then finishes the job in hand
// and exits, even with jobs still queued). An empty ring is waited on, with a look every
// 200 ms at whether the supervisor is still alive (kWorkerExitOrphaned if not). Returns the
// process exit code.
int run_worker(const WorkerArgs& args);

}  // namespace cfgsweep
