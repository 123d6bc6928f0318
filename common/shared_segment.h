#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "common/error.h"
#include "common/fd.h"

namespace boost::interprocess {
class mapped_region;
}

namespace cfgsweep {

// The fd at which a worker finds an anonymous segment (see create_anonymous): the
// supervisor dup2()s the memfd there when it spawns the worker.
inline constexpr int kWorkerSegmentFd = 4;

// A POSIX shared-memory segment (Boost.Interprocess) holding the job ring and the arena.
// Configs carry secrets, so the segment is created mode 0600 under a name no other run
// uses: "cfgsweep.<uid>.<supervisor pid>.<random>". Only the creating process removes it
// (on destruction); workers attach to it and never remove it.
//
// Where /dev/shm is too small for the segment (Docker's default is 64 MB), the supervisor
// creates an anonymous one instead: a memfd, which no mount size limits, that only the
// workers it spawns can reach (inherited at kWorkerSegmentFd; its name is "fd:4").
class SharedSegment {
 public:
  SharedSegment(SharedSegment&&) noexcept;
  SharedSegment& operator=(SharedSegment&&) = delete;
  ~SharedSegment();

  // Supervisor: creates and maps a new segment of `size` bytes, zero-filled (kOsError).
  static Result<std::unique_ptr<SharedSegment>> create(std::size_t size);
  // Supervisor: creates and maps an anonymous segment (memfd) of `size` bytes (kOsError).
  static Result<std::unique_ptr<SharedSegment>> create_anonymous(std::size_t size);
  // Worker: maps an existing segment by name, or the inherited memfd for "fd:4" (kOsError).
  static Result<std::unique_ptr<SharedSegment>> attach(const std::string& name);
  // Bytes free on /dev/shm, or nullopt when it cannot be told.
  static std::optional<uint64_t> named_room();

  // Removes segments left behind by earlier runs of this user whose supervisor is gone
  // (a run that was SIGKILLed cannot clean up after itself). Returns how many it removed.
  static int remove_stale();

  const std::string& name() const { return name_; }
  // The memfd of an anonymous segment (supervisor side), for the workers to inherit; -1
  // for a named one.
  int inheritable_fd() const { return memfd_.get(); }
  void* data() const;
  std::size_t size() const;
  // Removes the name now (the mapping stays valid); the destructor then does nothing more.
  void remove();

 private:
  SharedSegment(std::string name, std::unique_ptr<boost::interprocess::mapped_region> region,
                bool owner);
  SharedSegment(std::string name, void* address, std::size_t size, Fd memfd);
  std::string name_;
  std::unique_ptr<boost::interprocess::mapped_region> region_;  // a named segment
  void* address_ = nullptr;                                     // an anonymous one
  std::size_t size_ = 0;
  Fd memfd_;  // supervisor side of an anonymous segment
  bool owner_;
};

}  // namespace cfgsweep
