#pragma once

#include <string>
#include <string_view>

namespace cfgsweep {

enum class ConfigFormat {
  kUnknown,
  kIosFamily,    // indented, '!'-delimited: IOS, IOS-XE, NX-OS, IOS-XR, ASA, EOS
  kJunosBraces,  // curly-brace hierarchy with ';' terminators
  kSetCommands,  // one 'set ...' command per line (Junos display set, VyOS)
  kXml,
  kJson,
  kYaml,
  kFortios,  // config / edit / set / next / end
};

struct Detection {
  ConfigFormat format = ConfigFormat::kUnknown;
  std::string_view format_name = "unknown";
  std::string_view vendor;  // empty when the format does not tell
  double confidence = 0;
  std::string reason;
};

// Sniffs the format and vendor from content alone (file names lie). Looks at the first
// 64 KiB only, so its cost does not grow with the input.
Detection detect_format(std::string_view content);

// Parses a --format value ("ios", "nxos", "eos", ...). Returns kUnknown for other names.
Detection detection_from_name(std::string_view name);

}  // namespace cfgsweep
