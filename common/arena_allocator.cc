#include "common/arena_allocator.h"

#include <cassert>

namespace cfgsweep {

ArenaAllocator::ArenaAllocator(uint64_t capacity) : capacity_(capacity / kAlignment * kAlignment) {
  if (capacity_ > 0) free_blocks_.emplace(0, capacity_);
}

std::optional<uint64_t> ArenaAllocator::allocate(uint64_t size) {
  uint64_t rounded = (size + kAlignment - 1) / kAlignment * kAlignment;
  if (rounded == 0) rounded = kAlignment;
  for (auto it = free_blocks_.begin(); it != free_blocks_.end(); ++it) {
    if (it->second < rounded) continue;
    uint64_t offset = it->first;
    uint64_t remaining = it->second - rounded;
    free_blocks_.erase(it);
    if (remaining > 0) free_blocks_.emplace(offset + rounded, remaining);
    used_blocks_.emplace(offset, rounded);
    in_use_ += rounded;
    return offset;
  }
  return std::nullopt;
}

void ArenaAllocator::free(uint64_t offset) {
  auto used = used_blocks_.find(offset);
  assert(used != used_blocks_.end());
  if (used == used_blocks_.end()) return;
  uint64_t size = used->second;
  used_blocks_.erase(used);
  in_use_ -= size;

  auto next = free_blocks_.lower_bound(offset);
  if (next != free_blocks_.end() && offset + size == next->first) {
    size += next->second;
    next = free_blocks_.erase(next);
  }
  if (next != free_blocks_.begin()) {
    auto previous = std::prev(next);
    if (previous->first + previous->second == offset) {
      previous->second += size;
      return;
    }
  }
  free_blocks_.emplace(offset, size);
}

}  // namespace cfgsweep
