#include "engine/fleet/platform_commands.h"

#include <array>
#include <utility>

namespace cfgsweep {

namespace {

struct PlatformEntry {
  std::string_view names;  // space-separated aliases
  PlatformCommands commands;
};

const std::array<PlatformEntry, 9>& platforms() {
  static const std::array<PlatformEntry, 9> kPlatforms = {{
      {"ios cisco_ios iosxe cisco_xe cisco_iosxe ios-xe",
       {{"show running-config"}, "terminal length 0"}},
      {"nxos cisco_nxos nxos_ssh", {{"show running-config"}, "terminal length 0"}},
      {"eos arista_eos", {{"show running-config"}, "terminal length 0"}},
      {"iosxr cisco_xr cisco_iosxr ios-xr", {{"show running-config"}, "terminal length 0"}},
      {"asa cisco_asa", {{"show running-config"}, "terminal pager 0"}},
      {"junos juniper_junos juniper",
       {{"show configuration | display set"}, "set cli screen-length 0"}},
      {"panos paloalto_panos", {{"show config running"}, "set cli pager off"}},
      {"fortios fortinet", {{"show full-configuration"}, ""}},
      {"cumulus nvue cumulus_nvue", {{"nv config show -o yaml"}, ""}},
  }};
  return kPlatforms;
}

bool names_contain(std::string_view names, std::string_view platform) {
  while (!names.empty()) {
    auto space = names.find(' ');
    if (names.substr(0, space) == platform) return true;
    if (space == std::string_view::npos) break;
    names.remove_prefix(space + 1);
  }
  return false;
}

}  // namespace

const PlatformCommands* commands_for_platform(std::string_view platform) {
  for (const PlatformEntry& p : platforms())
    if (names_contain(p.names, platform)) return &p.commands;
  return nullptr;
}

std::string known_platforms() {
  std::string out;
  for (const PlatformEntry& p : platforms()) {
    if (!out.empty()) out += ' ';
    out += p.names;
  }
  return out;
}

}  // namespace cfgsweep
