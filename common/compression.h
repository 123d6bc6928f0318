#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cfgsweep {

// zstd, for the configs the run store keeps (workers compress, the supervisor stores,
// `show`/`diff --store` decompress). Pure; any thread, either process.

// `text` compressed as one zstd frame (level 3: the library's default, ~300 MB/s).
std::string zstd_compress(std::string_view text);
// The text of one zstd frame; nullopt when `frame` is not one, or would decompress past
// `max_size` bytes (a damaged or hostile database).
std::optional<std::string> zstd_decompress(std::string_view frame,
                                           std::size_t max_size = std::size_t{256} << 20);

}  // namespace cfgsweep
