#include "common/enum_names.h"

#include <doctest/doctest.h>

#include "common/result_record.h"

using namespace cfgsweep;

namespace {
enum class Colour { kRed, kGreen, kBlue };
constexpr auto kColours = enum_names<Colour>({{Colour::kRed, "red"}, {Colour::kGreen, "green"}});
}  // namespace

TEST_CASE("an enum's names read both ways; a value missing from its table names as nothing") {
  static_assert(kColours.name(Colour::kGreen) == "green");
  static_assert(kColours.parse("red") == Colour::kRed);
  CHECK(kColours.name(Colour::kBlue).empty());
  CHECK(kColours.parse("blue") == std::nullopt);
  CHECK(kColours.parse("") == std::nullopt);
  CHECK(kColours.list() == "red, green");
}

TEST_CASE("result statuses: every status has its output name and reads back") {
  for (int s = 0; s < kResultStatusCount; ++s) {
    auto status = static_cast<ResultStatus>(s);
    CAPTURE(s);
    CHECK_FALSE(status_name(status).empty());
    CHECK(status_from_name(status_name(status)) == status);
  }
  CHECK(status_name(ResultStatus::kOom) == "oom");
  CHECK(status_from_name("OK") == std::nullopt);
}
