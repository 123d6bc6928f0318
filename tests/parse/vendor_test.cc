#include "parse/vendor.h"

#include <doctest/doctest.h>

#include <set>
#include <string>

using namespace cfgsweep;

TEST_CASE("every vendor has one name, and the name reads back as the vendor") {
  std::set<std::string_view> seen;
  for (int v = static_cast<int>(Vendor::kUnknown) + 1; v <= static_cast<int>(Vendor::kAzure); ++v) {
    auto vendor = static_cast<Vendor>(v);
    std::string_view name = enum_name(vendor);
    CAPTURE(v);
    CHECK_FALSE(name.empty());
    CHECK(seen.insert(name).second);
    CHECK(enum_from_name<Vendor>(name) == vendor);
    CHECK(enum_name_list<Vendor>().find(std::string(name)) != std::string::npos);
  }
  CHECK(enum_name(Vendor::kUnknown).empty());
  CHECK(enum_from_name<Vendor>("") == std::nullopt);
  CHECK(enum_from_name<Vendor>("cisco_xe") == std::nullopt);  // a typo is no vendor
  CHECK(enum_name_list<Vendor>().starts_with("cisco_ios, cisco_iosxe, "));
}
