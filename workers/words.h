#pragma once

#include <array>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace cfgsweep {

// The blank-separated words of one config line, for extractors that read commands by
// position ("neighbor 10.0.0.1 remote-as 65001"). Out-of-range positions read as "".
//
// Extractors build one per line on the hot path, so the first kInline words live inside
// the object; only a longer line allocates.
class Words {
 public:
  explicit Words(std::string_view line) : line_(line) {
    std::size_t pos = 0;
    while (pos < line.size()) {
      while (pos < line.size() && (line[pos] == ' ' || line[pos] == '\t')) ++pos;
      std::size_t start = pos;
      while (pos < line.size() && line[pos] != ' ' && line[pos] != '\t') ++pos;
      if (pos > start) push(line.substr(start, pos - start));
    }
  }
  std::string_view operator[](std::size_t i) const {
    if (i >= count_) return {};
    return i < kInline ? inline_[i] : overflow_[i - kInline];
  }
  std::size_t size() const { return count_; }
  // The text from word `i` to the end of the line ("" past the end).
  std::string_view rest(std::size_t i) const {
    if (i >= count_) return {};
    return line_.substr(static_cast<std::size_t>((*this)[i].data() - line_.data()));
  }
  // The position of the first word equal to `word` at or after `from`, or size().
  std::size_t find(std::string_view word, std::size_t from = 0) const {
    for (std::size_t i = from; i < count_; ++i)
      if ((*this)[i] == word) return i;
    return count_;
  }

 private:
  static constexpr std::size_t kInline = 16;

  void push(std::string_view word) {
    if (count_ < kInline) {
      inline_[count_] = word;
    } else {
      overflow_.push_back(word);
    }
    ++count_;
  }

  std::string_view line_;
  std::array<std::string_view, kInline> inline_{};
  std::vector<std::string_view> overflow_;
  std::size_t count_ = 0;
};

// The whole word as an unsigned number ("9216"), or nullopt ("9216k", "", "-1").
inline std::optional<uint32_t> to_number(std::string_view word) {
  uint32_t value = 0;
  auto [end, ec] = std::from_chars(word.data(), word.data() + word.size(), value);
  if (ec != std::errc{} || end != word.data() + word.size()) return std::nullopt;
  return value;
}

}  // namespace cfgsweep
