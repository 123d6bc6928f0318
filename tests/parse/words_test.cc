#include "parse/words.h"

#include <doctest/doctest.h>

#include <random>
#include <string>

using namespace cfgsweep;

namespace {
std::size_t naive_find_blank(std::string_view text, std::size_t pos) {
  while (pos < text.size() && text[pos] != ' ' && text[pos] != '\t') ++pos;
  return pos;
}
std::size_t naive_skip_blanks(std::string_view text, std::size_t pos) {
  while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t')) ++pos;
  return pos;
}
}  // namespace

TEST_CASE("find_blank and skip_blanks agree with a byte loop at every position") {
  // Bytes next to the blanks in value (0x00, 0x08, 0x19, 0x21, 0xa0: a space with its high bit
  // set) are where an eight-bytes-at-a-time test would go wrong.
  static constexpr std::string_view kAlphabet{
      " \t\x00\x08\x19\x21\xa0\xff"
      "ab",
      10};
  std::mt19937 random(7);
  for (int round = 0; round < 3000; ++round) {
    std::string text(static_cast<std::size_t>(random() % 40), ' ');
    for (char& c : text) c = kAlphabet[random() % kAlphabet.size()];
    for (std::size_t pos = 0; pos <= text.size(); ++pos) {
      REQUIRE(find_blank(text, pos) == naive_find_blank(text, pos));
      REQUIRE(skip_blanks(text, pos) == naive_skip_blanks(text, pos));
    }
  }
}

TEST_CASE("Words splits on runs of spaces and tabs") {
  Words words("  neighbor\t10.0.0.1   remote-as 65001 ");
  REQUIRE(words.size() == 4);
  CHECK(words[0] == "neighbor");
  CHECK(words[1] == "10.0.0.1");
  CHECK(words[3] == "65001");
  CHECK(words.rest(2) == "remote-as 65001 ");
}
