// Detection of any bytes: a format and vendor, a confidence in [0, 1], never a crash.
#include "fuzz_support.h"
#include "parse/format_detect.h"

using namespace cfgsweep;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  Detection d = detect_format(fuzz::as_text(data, size));
  fuzz::fuzz_check(d.confidence >= 0 && d.confidence <= 1, "confidence within [0, 1]");
  fuzz::fuzz_check(d.format != ConfigFormat::kUnknown || d.vendor == Vendor::kUnknown,
                   "no vendor without a format");
  return 0;
}
