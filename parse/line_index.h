#pragma once

#include <algorithm>
#include <cstdint>
#include <string_view>
#include <vector>

namespace cfgsweep {

// Maps byte offsets to 1-based line numbers, for parsers whose libraries report offsets
// (pugixml, RapidJSON) instead of lines. One pass to build, a binary search per lookup.
class LineIndex {
 public:
  explicit LineIndex(std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i)
      if (text[i] == '\n') newlines_.push_back(i);
    trailing_newline_ = !text.empty() && text.back() == '\n';
  }
  uint32_t line_of(std::size_t offset) const {
    auto before = std::lower_bound(newlines_.begin(), newlines_.end(), offset) - newlines_.begin();
    return static_cast<uint32_t>(before + 1);
  }
  uint32_t column_of(std::size_t offset) const {
    auto before = std::lower_bound(newlines_.begin(), newlines_.end(), offset);
    std::size_t line_start = before == newlines_.begin() ? 0 : *(before - 1) + 1;
    return static_cast<uint32_t>(offset - line_start + 1);
  }
  uint32_t line_count() const {
    return static_cast<uint32_t>(newlines_.size() + (trailing_newline_ ? 0 : 1));
  }

 private:
  std::vector<std::size_t> newlines_;
  bool trailing_newline_ = false;
};

}  // namespace cfgsweep
