#pragma once

#include <string>
#include <string_view>

#include "parse/vendor.h"

namespace cfgsweep {

// The syntax of a config file; each has one parser. The vendor is told apart separately.
enum class ConfigFormat {
  kUnknown,
  kIosFamily,    // indented, '!'-delimited: IOS, IOS-XE, NX-OS, IOS-XR, ASA, EOS, FRR
  kBraces,       // curly-brace hierarchy: Junos, VyOS/EdgeOS config.boot, PAN-OS `show`
  kSetCommands,  // one 'set ...' command per line: Junos display set, VyOS, PAN-OS, SR Linux
  kXml,          // Junos display xml, PAN-OS, any XML
  kJson,
  kYaml,      // NVUE startup.yaml, netplan, AVD structured configs, any YAML
  kFortios,   // config / edit / set / next / end
  kIfupdown,  // Debian/Cumulus /etc/network/interfaces (ifupdown2)
};

// The format's name in output ("ios", "brace", ...).
template <>
struct EnumNameTable<ConfigFormat> {
  static constexpr auto kNames = enum_names<ConfigFormat::kUnknown, ConfigFormat::kIfupdown>(
      "unknown", "ios", "brace", "set", "xml", "json", "yaml", "fortios", "ifupdown");
};

struct Detection {
  ConfigFormat format = ConfigFormat::kUnknown;
  Vendor vendor = Vendor::kUnknown;  // kUnknown when the content does not tell
  double confidence = 0;
  std::string reason;
};

// Sniffs the format and vendor from content alone (file names lie). Looks at the first
// 64 KiB only, so its cost does not grow with the input.
Detection detect_format(std::string_view content);

// A --format value: a syntax ("ios", "brace", "set", "xml", "json", "yaml", "fortios",
// "ifupdown") or a platform that implies one ("nxos", "junos", "junos-set", "panos-xml",
// "netplan", ...). Returns kUnknown for other names.
Detection detection_from_name(std::string_view name);

// The names --format accepts, for help and error messages.
std::string format_names();

}  // namespace cfgsweep
