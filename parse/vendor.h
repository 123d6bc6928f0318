#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cfgsweep {

// Who wrote a config, as detection tells it or --vendor / a policy's applies_to names it.
// kUnknown: the content does not tell (the output's "vendor": null).
enum class Vendor : uint8_t {
  kUnknown,
  kCiscoIos,
  kCiscoIosxe,
  kCiscoNxos,
  kCiscoIosxr,
  kCiscoAsa,
  kAristaEos,
  kFrr,
  kJuniperJunos,
  kVyos,
  kPaloaltoPanos,
  kFortinetFortios,
  kCumulusNvue,
  kNetplan,
  kLinuxIfupdown,
  kAristaAvd,
  kNokiaSrlinux,
  kSonic,
  kAws,
  kAzure,
};

// The vendor's name in output and on the command line ("cisco_nxos"); "" for kUnknown.
std::string_view vendor_name(Vendor vendor);
// The vendor a name stands for; nullopt for a name cfgsweep does not know (and for "").
std::optional<Vendor> vendor_from_name(std::string_view name);
// Every known name, "cisco_ios, cisco_iosxe, ...", for help and error messages.
std::string vendor_names();

}  // namespace cfgsweep
