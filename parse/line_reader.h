#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

namespace cfgsweep {

// Splits text into lines without copying, counting them; strips trailing blanks and '\r'
// so CRLF files and trailing spaces read like clean ones.
class LineReader {
 public:
  explicit LineReader(std::string_view content) : rest_(content) {}

  bool next(std::string_view* line) {
    if (rest_.empty()) return false;
    const char* newline = static_cast<const char*>(std::memchr(rest_.data(), '\n', rest_.size()));
    std::size_t length = newline ? static_cast<std::size_t>(newline - rest_.data()) : rest_.size();
    std::string_view raw = rest_.substr(0, length);
    rest_.remove_prefix(newline ? length + 1 : length);
    while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\r' || raw.back() == '\t'))
      raw.remove_suffix(1);
    *line = raw;
    ++number_;
    return true;
  }
  uint32_t number() const { return number_; }
  std::string_view rest() const { return rest_; }

 private:
  std::string_view rest_;
  uint32_t number_ = 0;
};

}  // namespace cfgsweep
