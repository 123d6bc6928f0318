#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/error.h"

namespace cfgsweep {

// Which part of a run this process does (--shard I/N, --shard-by FIELD=VALUE; docs/
// scale-out.md). A device belongs to shard `device_shard(name, N)`: the same name lands in the
// same shard on every machine, in every run and in every version (the hash is XXH3-64 of the
// name's bytes, seed 0, whose output the xxHash specification fixes), so a shard's run store
// history and --resume stay valid night after night.
struct ShardSpec {
  uint32_t index = 0;    // 0 .. count-1
  uint32_t count = 1;    // 1: not sharded by hash
  std::string by_field;  // --shard-by: an inventory field (name, platform, data.site, ...)
  std::string by_value;  //   and the value this shard takes ("" for hosts without the field)
  std::string label;     // --shard-run: what tells one night's shards from another's
  bool given = false;    // --shard or --shard-by was given (--shard 0/1 too)

  bool active() const { return given; }
  // "2/4", "site=dc1", "site=dc1 2/4": for messages.
  std::string describe() const;
};

// The shard of `device` among `count` (count >= 1). Pure; any thread, either process.
uint32_t device_shard(std::string_view device, uint32_t count);

// Whether `device` is in this shard by hash (the --shard-by part is the inventory's to
// decide: a field's value is not in the name).
inline bool in_hash_shard(const ShardSpec& spec, std::string_view device) {
  return spec.count <= 1 || device_shard(device, spec.count) == spec.index;
}

// "I/N" with 0 <= I < N <= 65536; an error (kUsage) that says what to write.
Result<void> parse_shard(std::string_view text, ShardSpec* spec);
// "FIELD=VALUE" (VALUE may be empty: the hosts without FIELD); an error (kUsage).
Result<void> parse_shard_by(std::string_view text, ShardSpec* spec);

}  // namespace cfgsweep
