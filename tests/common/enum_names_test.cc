#include "common/enum_names.h"

#include <doctest/doctest.h>

#include "common/result_record.h"

using namespace cfgsweep;

namespace {
enum class Colour { kNone, kRed, kGreen, kBlue };
}  // namespace

namespace cfgsweep {
template <>
struct EnumNameTable<Colour> {
  static constexpr auto kNames = enum_names<Colour::kRed, Colour::kBlue>("red", "green", "blue");
};
}  // namespace cfgsweep

TEST_CASE("an enum's names read both ways; a value outside the table names as nothing") {
  static_assert(enum_name(Colour::kGreen) == "green");
  static_assert(enum_from_name<Colour>("blue") == Colour::kBlue);
  CHECK(enum_name(Colour::kRed) == "red");
  CHECK(enum_name(Colour::kNone).empty());
  CHECK(enum_from_name<Colour>("none") == std::nullopt);
  CHECK(enum_from_name<Colour>("") == std::nullopt);
  CHECK(enum_name_list<Colour>() == "red, green, blue");
}

TEST_CASE("result statuses: every status has its output name and reads back") {
  for (int s = 0; s < kResultStatusCount; ++s) {
    auto status = static_cast<ResultStatus>(s);
    CAPTURE(s);
    CHECK_FALSE(enum_name(status).empty());
    CHECK(enum_from_name<ResultStatus>(enum_name(status)) == status);
  }
  CHECK(enum_name(ResultStatus::kOom) == "oom");
  CHECK(enum_from_name<ResultStatus>("OK") == std::nullopt);
}
