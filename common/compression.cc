#include "common/compression.h"

#include <zstd.h>

namespace cfgsweep {

std::string zstd_compress(std::string_view text) {
  std::string frame(ZSTD_compressBound(text.size()), '\0');
  std::size_t size = ZSTD_compress(frame.data(), frame.size(), text.data(), text.size(), 3);
  if (ZSTD_isError(size)) return {};  // only with a bound too small, which cannot happen
  frame.resize(size);
  return frame;
}

std::optional<std::string> zstd_decompress(std::string_view frame, std::size_t max_size) {
  unsigned long long size = ZSTD_getFrameContentSize(frame.data(), frame.size());
  // Our frames always record their size (ZSTD_compress does): unknown is not ours.
  if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN || size > max_size)
    return std::nullopt;
  std::string text(static_cast<std::size_t>(size), '\0');
  std::size_t got = ZSTD_decompress(text.data(), text.size(), frame.data(), frame.size());
  if (ZSTD_isError(got) || got != size) return std::nullopt;
  return text;
}

}  // namespace cfgsweep
