#include "engine/worker_pool.h"

#include "common/shared_segment.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <unistd.h>

#include <cerrno>
#include <initializer_list>
#include <string>

#include <fmt/format.h>

#include "common/clock.h"
#include "worker/worker_loop.h"

extern char** environ;

namespace cfgsweep {

namespace {
constexpr int kResultPipeBytes = 1 << 20;
}  // namespace

WorkerPool::WorkerPool(std::string segment_name, int segment_fd, std::size_t slots)
    : segment_name_(std::move(segment_name)), segment_fd_(segment_fd), slots_(slots) {}

Result<void> WorkerPool::spawn(std::size_t index) {
  Pipe pipe;
  if (!make_pipe(&pipe, 0))
    return make_error(ExitStatus::kOsError,
                      fmt::format("cannot create a result pipe: {}", errno_text(errno)));
  // dup2(fd, fd) would keep O_CLOEXEC; make sure the write end is not fd 3 already.
  if (pipe.write_end.get() == kWorkerResultFd)
    pipe.write_end.reset(::fcntl(kWorkerResultFd, F_DUPFD_CLOEXEC, kWorkerResultFd + 1));
  ::fcntl(pipe.read_end.get(), F_SETFL, O_NONBLOCK);
  // A result with its model is about the size of its config: with the default 64 KB pipe,
  // a worker writing a 300 KB result blocked and woke the supervisor five times. 1 MB is
  // the unprivileged maximum; where the user's pipe memory is spent, the default stays.
  ::fcntl(pipe.write_end.get(), F_SETPIPE_SZ, kResultPipeBytes);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, pipe.write_end.get(), kWorkerResultFd);
  if (segment_fd_ >= 0) posix_spawn_file_actions_adddup2(&actions, segment_fd_, kWorkerSegmentFd);
  // Nothing else: libssh opens its sockets without O_CLOEXEC, and in `run` workers start
  // while sessions are open; a worker holding a device's socket would keep it connected.
  posix_spawn_file_actions_addclosefrom_np(&actions, kWorkerSegmentFd + 1);

  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t empty, defaults;
  sigemptyset(&empty);
  sigemptyset(&defaults);
  for (int s : {SIGINT, SIGTERM, SIGCHLD, SIGPIPE, SIGHUP}) sigaddset(&defaults, s);
  posix_spawnattr_setsigmask(&attributes, &empty);
  posix_spawnattr_setsigdefault(&attributes, &defaults);
  posix_spawnattr_setpgroup(&attributes, 0);
  posix_spawnattr_setflags(&attributes,
                           POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);

  std::string slot_text = std::to_string(index);
  std::string parent_text = std::to_string(::getpid());
  char* argv[] = {const_cast<char*>("cfgsweep-worker"),
                  const_cast<char*>("--worker"),
                  segment_name_.data(),
                  slot_text.data(),
                  parent_text.data(),
                  nullptr};
  pid_t pid = 0;
  int rc = posix_spawn(&pid, "/proc/self/exe", &actions, &attributes, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  if (rc != 0)
    return make_error(ExitStatus::kOsError,
                      fmt::format("cannot start a worker process: {}", errno_text(rc)));
  WorkerSlot& slot = slots_[index];
  slot.pid = pid;
  slot.results = std::move(pipe.read_end);
  slot.decoder = FrameDecoder();
  slot.kill_reason = KillReason::kNone;
  slot.killed_at_ns = 0;
  return {};  // pipe.write_end closes here: the worker holds the only writer
}

int WorkerPool::slot_of(pid_t pid) const {
  for (std::size_t i = 0; i < slots_.size(); ++i)
    if (slots_[i].pid == pid) return static_cast<int>(i);
  return -1;
}

void WorkerPool::kill_worker(std::size_t index, int signal, KillReason reason) {
  WorkerSlot& slot = slots_[index];
  if (slot.pid <= 0) return;
  if (slot.kill_reason == KillReason::kNone) {
    slot.kill_reason = reason;
    slot.killed_at_ns = monotonic_ns();
  }
  ::kill(slot.pid, signal);
}

void WorkerPool::signal_all(int signal) {
  for (auto& slot : slots_)
    if (slot.pid > 0) ::kill(slot.pid, signal);
}

std::size_t WorkerPool::live_count() const {
  std::size_t n = 0;
  for (const auto& slot : slots_) n += slot.pid > 0 ? 1 : 0;
  return n;
}

}  // namespace cfgsweep
