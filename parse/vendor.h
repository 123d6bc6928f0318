#pragma once

#include <cstdint>

#include "common/enum_names.h"

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

// The vendor's name in output, for --vendor and in a policy's applies_to ("cisco_nxos");
// kUnknown has none ("").
template <>
struct EnumNameTable<Vendor> {
  static constexpr auto kNames = enum_names<Vendor::kCiscoIos, Vendor::kAzure>(
      "cisco_ios", "cisco_iosxe", "cisco_nxos", "cisco_iosxr", "cisco_asa", "arista_eos", "frr",
      "juniper_junos", "vyos", "paloalto_panos", "fortinet_fortios", "cumulus_nvue", "netplan",
      "linux_ifupdown", "arista_avd", "nokia_srlinux", "sonic", "aws", "azure");
};

}  // namespace cfgsweep
