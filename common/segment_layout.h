#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "common/job_ring.h"
#include "common/shared_segment.h"

namespace cfgsweep {

// What every worker must know about the run, written once by the supervisor at the start
// of the segment so that workers need nothing but the segment's name.
struct WorkerSettings {
  uint64_t max_file_size = 0;
  uint64_t worker_memory = 0;  // bytes; the worker sets its address-space limit from it
  char format_name[16] = {};   // --format, NUL-terminated; empty: detect per file
  // --vendor as a Vendor (parse/vendor.h, a layer above this one); 0, kUnknown: detect.
  uint8_t vendor = 0;
  bool reveal_secrets = false;  // --show-secrets
  uint8_t device_from = 0;      // --device-from, a DeviceFrom (common/device_name.h)
  bool fetched = false;         // `run`: a job's source is its device's inventory name
  bool store_configs = false;   // --store: send each new config back, for the run store
  bool remediation = false;     // check --remediation: commands in intended-config findings
  // `cfgsweep query`: the patterns, one per line ("match\t<re2>", "child\t<re2>",
  // "no-child\t<re2>"); empty for `cfgsweep parse`. Read by parse/query_spec.
  char query[4096] = {};
  // `cfgsweep check`: the policy file, NUL-terminated; each worker compiles it once (the
  // supervisor compiled it before starting them, so errors were reported already).
  char policy_path[4096] = {};
  // ... and the inventory (--inventory), when given: applies_to and variables per device.
  char inventory_path[4096] = {};
  // --ignore-lines: RE2 patterns, one per line (the supervisor compiled them already).
  char ignore_lines[4096] = {};
};

// The segment: [header | job ring | arena]. Offsets are relative to the mapping's start,
// because every process maps the segment at a different address.
struct SegmentHeader {
  static constexpr uint64_t kMagic = 0x63667377'73656731;  // "cfswseg1"
  uint64_t magic;
  uint64_t ring_offset;
  uint64_t arena_offset;
  uint64_t arena_size;
  WorkerSettings settings;
};

struct SegmentView {
  SegmentHeader* header;
  JobRing ring;
  std::byte* arena;
};

// Supervisor: the segment size needed for a ring of `capacity` jobs, `slots` workers and
// an arena of `arena_size` bytes.
std::size_t segment_size(uint32_t capacity, uint32_t slots, uint64_t arena_size);
// Supervisor: lays out header, ring and arena in a fresh segment.
SegmentView lay_out_segment(SharedSegment& segment, uint32_t capacity, uint32_t slots,
                            uint64_t arena_size, const WorkerSettings& settings);
// Worker: finds header, ring and arena in a segment laid out by the supervisor.
std::optional<SegmentView> open_segment(SharedSegment& segment);

}  // namespace cfgsweep
