#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "common/error.h"
#include "common/fd.h"
#include "common/frame.h"

namespace cfgsweep {

// Why the supervisor killed a worker, so its job's result can say so.
enum class KillReason { kNone, kTimeout, kMemory, kShutdown };

// One worker process and the supervisor's end of its result pipe.
struct WorkerSlot {
  pid_t pid = 0;  // 0 when the slot has no live process
  Fd results;     // non-blocking read end
  FrameDecoder decoder;
  KillReason kill_reason = KillReason::kNone;
  int64_t killed_at_ns = 0;
  uint64_t jobs_done = 0;
};

// Starts worker processes by re-executing this binary in its hidden worker mode with
// posix_spawn, which is safe while the source thread runs (a plain fork() in a threaded
// process could copy a lock held by another thread into the child). Each worker gets
// its own process group (a terminal's Ctrl-C reaches only the supervisor), an empty
// signal mask, stdin and stdout on /dev/null, and its result pipe as fd 3.
// Used from the supervisor's main thread only.
class WorkerPool {
 public:
  // `segment_fd`: an anonymous segment's memfd, given to each worker at kWorkerSegmentFd
  // (-1 for a named segment).
  WorkerPool(std::string segment_name, int segment_fd, std::size_t slots);

  // Spawns a worker into an empty slot; an error (kOsError) when it cannot.
  Result<void> spawn(std::size_t slot);
  // The slot whose process is `pid`, or -1.
  int slot_of(pid_t pid) const;
  void kill_worker(std::size_t slot, int signal, KillReason reason);
  void signal_all(int signal);
  std::size_t live_count() const;

  WorkerSlot& slot(std::size_t index) { return slots_[index]; }
  std::size_t size() const { return slots_.size(); }

 private:
  std::string segment_name_;
  int segment_fd_;
  std::vector<WorkerSlot> slots_;
};

}  // namespace cfgsweep
