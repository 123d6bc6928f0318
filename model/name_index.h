#pragma once

#include <algorithm>
#include <cstdint>
#include <string_view>
#include <vector>

#include "common/fast_hash.h"

namespace cfgsweep {

// The position of a name in a list that only grows (the model's interfaces, BGP neighbors,
// ACLs), so that an extractor asking for the same name once per statement stays linear.
// Open addressing over slots of a position and a hash: the names stay in the list, so adding
// one allocates nothing. It replaced an unordered_map<string, size_t> whose node and key
// allocations and rehashes cost a tenth of a Junos set-form parse.
class NameIndex {
 public:
  // The position of `name` among the first `size` items, whose names `name_at(position)`
  // gives; when absent, `size` (the caller appends it there) and `*added`.
  template <class NameAt>
  std::size_t find_or_add(std::string_view name, std::size_t size, const NameAt& name_at,
                          bool* added) {
    if ((size + 1) * 2 > slots_.size()) rebuild(size, name_at);
    uint64_t hash = fast_hash(name);
    std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
      Slot& slot = slots_[i];
      if (slot.position == kEmpty) {
        slot = Slot{static_cast<uint32_t>(hash), static_cast<uint32_t>(size)};
        *added = true;
        return size;
      }
      if (slot.hash == static_cast<uint32_t>(hash) && name_at(slot.position) == name) {
        *added = false;
        return slot.position;
      }
    }
  }

 private:
  static constexpr uint32_t kEmpty = UINT32_MAX;
  struct Slot {
    uint32_t hash = 0;
    uint32_t position = kEmpty;
  };

  // Grows the table (doubling) and puts the `size` names back (the slots keep 32 bits of the hash).
  template <class NameAt>
  void rebuild(std::size_t size, const NameAt& name_at) {
    std::size_t capacity = std::max<std::size_t>(16, slots_.size() * 2);
    while ((size + 1) * 2 > capacity) capacity *= 2;
    slots_.assign(capacity, Slot{});
    std::size_t mask = slots_.size() - 1;
    for (std::size_t position = 0; position < size; ++position) {
      uint64_t hash = fast_hash(name_at(position));
      std::size_t i = hash & mask;
      while (slots_[i].position != kEmpty) i = (i + 1) & mask;
      slots_[i] = Slot{static_cast<uint32_t>(hash), static_cast<uint32_t>(position)};
    }
  }

  std::vector<Slot> slots_;
};

}  // namespace cfgsweep
