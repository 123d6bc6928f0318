#include "common/device_name.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace cfgsweep {

namespace {

// Extensions people and tools (RANCID, Oxidized, `fetch --out`) save configs with; a dot
// followed by anything else is part of the name ("core1.example.net").
constexpr auto kExtensions = std::to_array<std::string_view>({
    "cfg",
    "conf",
    "config",
    "txt",
    "text",
    "boot",
    "xml",
    "json",
    "yaml",
    "yml",
    "set",
    "gz",
    "bz2",
    "xz",
    "zst",
    "bak",
    "old",
    "log",
    "rsc",
    "run",
    "ios",
    "iosxe",
    "nxos",
    "iosxr",
    "xr",
    "asa",
    "eos",
    "junos",
    "vyos",
    "panos",
    "fortios",
    "frr",
    "running-config",
    "startup-config",
    "rancid",
    "oxidized",
});

bool is_extension(std::string_view word) {
  std::string lower(word);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return std::find(kExtensions.begin(), kExtensions.end(), lower) != kExtensions.end();
}

}  // namespace

std::string file_device_name(std::string_view path) {
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  std::size_t slash = path.find_last_of('/');
  std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
  for (std::size_t dot = name.find_last_of('.');
       dot != std::string_view::npos && dot > 0 && is_extension(name.substr(dot + 1));
       dot = name.find_last_of('.'))
    name = name.substr(0, dot);
  return std::string(name);
}

std::string device_name(DeviceFrom from, std::string_view source, std::string_view member,
                        bool fetched, std::string_view hostname) {
  if (fetched) return std::string(source);
  switch (from) {
    case DeviceFrom::kPath:
      return member.empty() ? std::string(source) : std::string(source) + ":" + std::string(member);
    case DeviceFrom::kHostname:
      if (!hostname.empty()) return std::string(hostname);
      break;
    case DeviceFrom::kName:
      break;
  }
  std::string name = file_device_name(member.empty() ? source : member);
  return name.empty() && !hostname.empty() ? std::string(hostname) : name;
}

}  // namespace cfgsweep
