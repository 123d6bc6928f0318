#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "common/error.h"

namespace boost::interprocess {
class mapped_region;
}

namespace cfgsweep {

// A POSIX shared-memory segment (Boost.Interprocess) holding the job ring and the arena.
// Configs carry secrets, so the segment is created mode 0600 under a name no other run
// uses: "cfgsweep.<uid>.<supervisor pid>.<random>". Only the creating process removes it
// (on destruction); workers attach to it and never remove it.
class SharedSegment {
 public:
  SharedSegment(SharedSegment&&) noexcept;
  SharedSegment& operator=(SharedSegment&&) = delete;
  ~SharedSegment();

  // Supervisor: creates and maps a new segment of `size` bytes, zero-filled (kOsError).
  static Result<std::unique_ptr<SharedSegment>> create(std::size_t size);
  // Worker: maps an existing segment by name (kOsError).
  static Result<std::unique_ptr<SharedSegment>> attach(const std::string& name);

  // Removes segments left behind by earlier runs of this user whose supervisor is gone
  // (a run that was SIGKILLed cannot clean up after itself). Returns how many it removed.
  static int remove_stale();

  const std::string& name() const { return name_; }
  void* data() const;
  std::size_t size() const;
  // Removes the name now (the mapping stays valid); the destructor then does nothing more.
  void remove();

 private:
  SharedSegment(std::string name, std::unique_ptr<boost::interprocess::mapped_region> region,
                bool owner);
  std::string name_;
  std::unique_ptr<boost::interprocess::mapped_region> region_;
  bool owner_;
};

}  // namespace cfgsweep
