#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

namespace cfgsweep {

// A fast non-cryptographic hash of short strings (words, names), eight bytes at a time; on
// words of under 16 bytes std::hash's general-purpose loop costs several times more.
// `seed` chains hashes: fast_hash(b, fast_hash(a)).
inline uint64_t fast_hash(std::string_view s, uint64_t seed = 0) {
  uint64_t h = seed;
  constexpr uint64_t kMultiplier = 0x9e3779b97f4a7c15ULL;
  const char* p = s.data();
  std::size_t n = s.size();
  auto load64 = [](const char* at) {
    uint64_t word;
    std::memcpy(&word, at, 8);
    return word;
  };
  auto load32 = [](const char* at) {
    uint32_t word;
    std::memcpy(&word, at, 4);
    return uint64_t{word};
  };
  for (; n > 8; p += 8, n -= 8) {
    h = (h ^ load64(p)) * kMultiplier;
    h ^= h >> 29;
  }
  // The last 1-8 bytes in fixed-size loads, overlapping where the word is long enough.
  uint64_t tail = 0;
  if (s.size() >= 8)
    tail = load64(p + n - 8);
  else if (n >= 4)
    tail = load32(p) | load32(p + n - 4) << 32;
  else if (n > 0)
    tail = uint64_t{static_cast<unsigned char>(p[0])} |
           uint64_t{static_cast<unsigned char>(p[n / 2])} << 8 |
           uint64_t{static_cast<unsigned char>(p[n - 1])} << 16;
  h = (h ^ tail ^ (uint64_t{s.size()} << 56)) * kMultiplier;
  // The low bits of a product see only the low bits of its input, and tables take the low
  // bits: without this mix, "ge-0/0/1" and "ge-0/0/2" (which differ in their last byte) fell
  // in the same slot. MurmurHash3's finalizer spreads every input bit over the whole word.
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  return h ^ (h >> 33);
}

// For unordered containers keyed by std::string and looked up by string_view.
struct FastStringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return fast_hash(s); }
};

}  // namespace cfgsweep
