#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "parse/format_detect.h"
#include "parse/vendor.h"

namespace cfgsweep {

// The evidence rules of vendor detection, as data: per syntax, the texts a vendor writes
// and the others do not (markers) and the texts a vendor never writes (counter-markers),
// each with a weight. Read by parse/vendor_evidence.cc; docs/detection.md lists them.

// Where a marker's text must stand, spelled by its first character in the tables:
//   "^text"  an unindented line starts with it      "=text"  a line is exactly it (trimmed)
//   " text"  an indented line starts with it        "~text"  anywhere in the sniffed head
enum class Anchor : uint8_t { kLineStart, kIndented, kWholeLine, kAnywhere };

using VendorSet = uint32_t;

inline consteval VendorSet vendor_set(std::string_view names) {
  VendorSet set = 0;
  while (!names.empty()) {
    std::size_t space = names.find(' ');
    std::string_view name = names.substr(0, space);
    set |= VendorSet{1} << static_cast<unsigned>(enum_from_name<Vendor>(name).value());
    names = space == std::string_view::npos ? std::string_view{} : names.substr(space + 1);
  }
  return set;
}

// One rule: a text, the vendors it is evidence for (or, with a negative weight, against),
// and how much. Vendor names are checked when the table compiles.
struct Marker {
  consteval Marker(std::string_view spec, std::string_view vendors, int weight_)
      : anchor(spec.front() == '^'   ? Anchor::kLineStart
               : spec.front() == ' ' ? Anchor::kIndented
               : spec.front() == '=' ? Anchor::kWholeLine
                                     : Anchor::kAnywhere),
        text(spec.substr(1)),
        set(vendor_set(vendors)),
        weight(weight_) {}
  Anchor anchor;
  std::string_view text;
  VendorSet set;
  int weight;
};

// At most this many markers per table (the scan keeps one bit per marker).
inline constexpr std::size_t kMaxMarkers = 512;

// The table of a syntax; empty for a syntax with no vendors to tell apart.
std::span<const Marker> vendor_markers(ConfigFormat format);

}  // namespace cfgsweep
