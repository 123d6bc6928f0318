#pragma once

#include <cstdint>
#include <map>
#include <optional>

namespace cfgsweep {

// Hands out blocks of the shared-memory arena by offset. The bookkeeping lives in the
// supervisor's private memory, never in the segment: a worker can neither corrupt it nor
// die holding its lock (Boost's managed segments keep both in the segment, which is why
// this small first-fit allocator is written by hand; see docs/architecture.md).
// Not thread-safe: the caller serialises access.
class ArenaAllocator {
 public:
  static constexpr uint64_t kAlignment = 64;

  explicit ArenaAllocator(uint64_t capacity);

  // An offset of a block of at least `size` bytes, or nullopt while no free block fits.
  std::optional<uint64_t> allocate(uint64_t size);
  // REQUIRES: `offset` came from allocate() and was not freed since.
  void free(uint64_t offset);

  uint64_t capacity() const { return capacity_; }
  uint64_t bytes_in_use() const { return in_use_; }

 private:
  uint64_t capacity_;
  uint64_t in_use_ = 0;
  std::map<uint64_t, uint64_t> free_blocks_;  // offset -> size, coalesced
  std::map<uint64_t, uint64_t> used_blocks_;  // offset -> size
};

}  // namespace cfgsweep
