#include "parse/vendor.h"

#include <doctest/doctest.h>

#include <set>
#include <string>

using namespace cfgsweep;

TEST_CASE("every vendor has one name, and the name reads back as the vendor") {
  std::set<std::string_view> seen;
  for (int v = static_cast<int>(Vendor::kUnknown) + 1; v <= static_cast<int>(Vendor::kAzure); ++v) {
    auto vendor = static_cast<Vendor>(v);
    std::string_view name = vendor_name(vendor);
    CAPTURE(v);
    CHECK_FALSE(name.empty());
    CHECK(seen.insert(name).second);
    CHECK(vendor_from_name(name) == vendor);
    CHECK(vendor_names().find(std::string(name)) != std::string::npos);
  }
  CHECK(vendor_name(Vendor::kUnknown).empty());
  CHECK(vendor_from_name("") == std::nullopt);
  CHECK(vendor_from_name("cisco_xe") == std::nullopt);  // a typo is no vendor
  CHECK(vendor_names().starts_with("cisco_ios, cisco_iosxe, "));
}
