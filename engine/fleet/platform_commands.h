#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace cfgsweep {

// What to run on a device of `platform` to get its configuration, and how to make its CLI
// print without paging in an interactive shell. Platform names are Nornir/Netmiko's
// (ios, cisco_ios, iosxe, nxos, eos, iosxr, asa, junos, panos, fortios, cumulus, nvue,
// ...); an inventory's data.commands overrides the commands. `linux` has no default: its
// hosts name the files to read in data.files ("cat" of each) or give data.commands.
struct PlatformCommands {
  std::vector<std::string> commands;
  std::string disable_paging;  // empty: the platform does not page
};

// nullptr when the platform is unknown (then data.commands must say what to run).
const PlatformCommands* commands_for_platform(std::string_view platform);

// The platform names this knows, for messages.
std::string known_platforms();

}  // namespace cfgsweep
