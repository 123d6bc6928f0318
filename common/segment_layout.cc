#include "common/segment_layout.h"

#include <new>

namespace cfgsweep {

static constexpr std::size_t kPage = 4096;
static std::size_t round_up(std::size_t n, std::size_t to) { return (n + to - 1) / to * to; }

static std::size_t ring_offset() { return round_up(sizeof(SegmentHeader), kPage); }

std::size_t segment_size(uint32_t capacity, uint32_t slots, uint64_t arena_size) {
  return ring_offset() + round_up(JobRing::bytes_needed(capacity, slots), kPage) + arena_size;
}

SegmentView lay_out_segment(SharedSegment& segment, uint32_t capacity, uint32_t slots,
                            uint64_t arena_size, const WorkerSettings& settings) {
  auto* base = static_cast<std::byte*>(segment.data());
  auto* header = new (base) SegmentHeader{};
  header->ring_offset = ring_offset();
  header->arena_offset = ring_offset() + round_up(JobRing::bytes_needed(capacity, slots), kPage);
  header->arena_size = arena_size;
  header->settings = settings;
  JobRing ring = JobRing::create(base + header->ring_offset, capacity, slots);
  header->magic = SegmentHeader::kMagic;
  return {header, ring, base + header->arena_offset};
}

std::optional<SegmentView> open_segment(SharedSegment& segment) {
  auto* base = static_cast<std::byte*>(segment.data());
  if (segment.size() < sizeof(SegmentHeader)) return std::nullopt;
  auto* header = reinterpret_cast<SegmentHeader*>(base);
  if (header->magic != SegmentHeader::kMagic ||
      header->arena_offset + header->arena_size > segment.size())
    return std::nullopt;
  auto ring = JobRing::attach(base + header->ring_offset);
  if (!ring) return std::nullopt;
  return SegmentView{header, *ring, base + header->arena_offset};
}

}  // namespace cfgsweep
