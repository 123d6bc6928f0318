#pragma once

#include <string>
#include <string_view>

#include "parse/format_detect.h"
#include "parse/vendor.h"

namespace cfgsweep {

// Who wrote a config, told from evidence only: texts that one vendor (or a few) writes and
// the others never do ("ASA Version", "feature bgp", "// vyatta-config-version:"), each with
// a weight, and counter-markers, texts a vendor never writes ("ip address 10.0.0.1/24" is not
// IOS), with a negative one. The rules are data (vendor_evidence.cc, one table per syntax);
// docs/detection.md lists them and how they were calibrated.
//
// A vendor is named only when its evidence reaches kNamingScore and leads every other
// vendor's by kNamingMargin; otherwise the vendor is kUnknown ("vendor": null) and `reason`
// says why. IOS-XE refines IOS: markers of both count for both, and cisco_iosxe is named
// only when it has evidence of its own beyond them.
struct VendorVerdict {
  Vendor vendor = Vendor::kUnknown;
  int score = 0;  // the named vendor's evidence; the best score when none is named
  // How often a file with this much evidence was right over ../shared/corpus (the
  // calibration table of docs/detection.md); 0 when no vendor is named.
  double confidence = 0;
  std::string reason;  // "cisco_asa: 'ASA Version' +4, 'nameif' +4" or why none is named
};

inline constexpr int kNamingScore = 3;
inline constexpr int kNamingMargin = 2;

// Weighs the evidence for every vendor of `format`'s syntax in `head` (the sniffed start of
// the content). Pure; safe from any thread.
VendorVerdict weigh_vendor_evidence(ConfigFormat format, std::string_view head);

}  // namespace cfgsweep
