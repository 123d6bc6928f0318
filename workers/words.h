#pragma once

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace cfgsweep {

// The blank-separated words of one config line, for extractors that read commands by
// position ("neighbor 10.0.0.1 remote-as 65001"). Out-of-range positions read as "".
class Words {
 public:
  explicit Words(std::string_view line) {
    std::size_t pos = 0;
    while (pos < line.size()) {
      while (pos < line.size() && (line[pos] == ' ' || line[pos] == '\t')) ++pos;
      std::size_t start = pos;
      while (pos < line.size() && line[pos] != ' ' && line[pos] != '\t') ++pos;
      if (pos > start) words_.push_back(line.substr(start, pos - start));
    }
    line_ = line;
  }
  std::string_view operator[](std::size_t i) const { return i < words_.size() ? words_[i] : ""; }
  std::size_t size() const { return words_.size(); }
  // The text from word `i` to the end of the line ("" past the end).
  std::string_view rest(std::size_t i) const {
    if (i >= words_.size()) return {};
    return line_.substr(static_cast<std::size_t>(words_[i].data() - line_.data()));
  }
  // The position of the first word equal to `word` at or after `from`, or size().
  std::size_t find(std::string_view word, std::size_t from = 0) const {
    for (std::size_t i = from; i < words_.size(); ++i)
      if (words_[i] == word) return i;
    return words_.size();
  }

 private:
  std::string_view line_;
  std::vector<std::string_view> words_;
};

// The whole word as an unsigned number ("9216"), or nullopt ("9216k", "", "-1").
inline std::optional<uint32_t> to_number(std::string_view word) {
  uint32_t value = 0;
  auto [end, ec] = std::from_chars(word.data(), word.data() + word.size(), value);
  if (ec != std::errc{} || end != word.data() + word.size()) return std::nullopt;
  return value;
}

}  // namespace cfgsweep
