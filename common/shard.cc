#include "common/shard.h"

#include <charconv>

#include <fmt/format.h>
#include <xxhash.h>

namespace cfgsweep {

namespace {

std::optional<uint32_t> number(std::string_view text) {
  uint32_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

}  // namespace

std::string ShardSpec::describe() const {
  std::string text;
  if (!by_field.empty()) text = fmt::format("{}={}", by_field, by_value);
  if (count > 1) text += fmt::format("{}{}/{}", text.empty() ? "" : " ", index, count);
  return text.empty() ? "0/1" : text;
}

uint32_t device_shard(std::string_view device, uint32_t count) {
  if (count <= 1) return 0;
  return static_cast<uint32_t>(XXH3_64bits(device.data(), device.size()) % count);
}

Result<void> parse_shard(std::string_view text, ShardSpec* spec) {
  constexpr uint32_t kMaxShards = 65536;
  auto slash = text.find('/');
  std::optional<uint32_t> index, count;
  if (slash != std::string_view::npos) {
    index = number(text.substr(0, slash));
    count = number(text.substr(slash + 1));
  }
  if (!index || !count || *count == 0 || *count > kMaxShards || *index >= *count)
    return make_error(ExitStatus::kUsage,
                      fmt::format("--shard {}: write I/N, the shard I of N counted from 0 "
                                  "(0/4 .. 3/4), with N at most {}",
                                  text, kMaxShards));
  spec->index = *index;
  spec->count = *count;
  spec->given = true;
  return {};
}

Result<void> parse_shard_by(std::string_view text, ShardSpec* spec) {
  auto equals = text.find('=');
  if (equals == std::string_view::npos || equals == 0)
    return make_error(ExitStatus::kUsage,
                      fmt::format("--shard-by {}: write FIELD=VALUE, an inventory field and the "
                                  "value of this shard's hosts (data.site=dc1; FIELD= for the "
                                  "hosts without the field)",
                                  text));
  spec->by_field = std::string(text.substr(0, equals));
  spec->by_value = std::string(text.substr(equals + 1));
  spec->given = true;
  return {};
}

}  // namespace cfgsweep
