#pragma once

#include <array>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>
#include <vector>

namespace cfgsweep {

// The position of the first blank (space or tab) at or after `pos`, or text.size(). Eight
// bytes at a time (x86 is little-endian, so the lowest flagged byte is the first): every
// parser and extractor splits every line into words, and most words are under 8 bytes.
inline std::size_t find_blank(std::string_view text, std::size_t pos) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kHighBits = 0x8080808080808080ULL;
  for (; pos + 8 <= text.size(); pos += 8) {
    uint64_t word;
    std::memcpy(&word, text.data() + pos, 8);
    uint64_t spaces = word ^ (kOnes * ' ');  // a zero byte where a space was
    uint64_t tabs = word ^ (kOnes * '\t');
    uint64_t zero_bytes = (((spaces - kOnes) & ~spaces) | ((tabs - kOnes) & ~tabs)) & kHighBits;
    if (zero_bytes) return pos + static_cast<std::size_t>(__builtin_ctzll(zero_bytes) >> 3);
  }
  while (pos < text.size() && text[pos] != ' ' && text[pos] != '\t') ++pos;
  return pos;
}

// The position of the first character that is not a blank (space or tab) at or after `pos`,
// or text.size(): indentation, eight bytes at a time. A byte's high bit is set below when the
// byte is not zero, exactly (no carry crosses bytes, unlike the test in find_blank).
inline std::size_t skip_blanks(std::string_view text, std::size_t pos) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL;
  constexpr uint64_t kLowBits = 0x7f7f7f7f7f7f7f7fULL;
  auto nonzero_bytes = [&](uint64_t v) { return (((v & kLowBits) + kLowBits) | v) & ~kLowBits; };
  for (; pos + 8 <= text.size(); pos += 8) {
    uint64_t word;
    std::memcpy(&word, text.data() + pos, 8);
    uint64_t other = nonzero_bytes(word ^ (kOnes * ' ')) & nonzero_bytes(word ^ (kOnes * '\t'));
    if (other) return pos + static_cast<std::size_t>(__builtin_ctzll(other) >> 3);
  }
  while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t')) ++pos;
  return pos;
}

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
      pos = find_blank(line, pos);
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

// Whether `line` leaves a double quote open: a set command whose quoted value (a banner, a
// PAN-OS login message) goes on over the next lines. A backslash escapes inside quotes.
inline bool opens_quote(std::string_view line) {
  // memchr first: most lines have no quote, and it looks at 16 or 32 bytes a step.
  if (line.empty()) return false;
  const void* quote = std::memchr(line.data(), '"', line.size());
  if (!quote) return false;
  bool open = false;
  for (auto i = static_cast<std::size_t>(static_cast<const char*>(quote) - line.data());
       i < line.size(); ++i) {
    if (line[i] == '\\' && open)
      ++i;
    else if (line[i] == '"')
      open = !open;
  }
  return open;
}

}  // namespace cfgsweep
