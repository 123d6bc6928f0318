#pragma once

#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "inventory/inventory.h"
#include "parse/vendor.h"

namespace cfgsweep {

// What an inventory says of one device, for a policy: the facts `applies_to` selects on and
// the values of its {{ variables }}.
struct DeviceFacts {
  std::string name;
  std::string platform;
  std::vector<std::string> groups;  // direct and inherited
  std::vector<std::string> tags;    // data.tags
  std::vector<std::string> roles;   // data.role and data.roles
  // data fields ("site", "ntp.primary" for nested ones), plus name, platform and
  // inventory_hostname (the address it is reached at).
  std::map<std::string, std::string> vars;
  // The vendor the inventory's platform names (Netmiko, NAPALM and Ansible spellings:
  // "cisco_ios", "ios", "cisco.ios.ios"), for configs whose content names none: a user's
  // inventory is evidence detection does not have. kUnknown for other platforms.
  Vendor vendor = Vendor::kUnknown;
};

// "cisco_xe" -> kCiscoIosxe, "eos" -> kAristaEos, "junipernetworks.junos.junos" ->
// kJuniperJunos; kUnknown for a platform of no modelled vendor.
Vendor vendor_of_platform(std::string_view platform);

// The inventory's devices, found for a config by its name: the device that `cfgsweep run`
// fetched it from, or, for a saved file, the device named like the file (RANCID and
// Oxidized name backups after the device), else the one whose name is the config's own
// hostname.
class DeviceDirectory {
 public:
  explicit DeviceDirectory(const std::vector<InventoryHost>& hosts);

  // `source`, `member`: the result's (a path, or the device name for `run`);
  // `configured_hostname`: the hostname the config gives itself, or empty. Null: no device.
  const DeviceFacts* find(std::string_view source, std::string_view member,
                          std::string_view configured_hostname) const;
  bool empty() const { return devices_.empty(); }

 private:
  const DeviceFacts* by_name(std::string_view name) const;

  std::vector<DeviceFacts> devices_;
  std::unordered_map<std::string, std::size_t> index_;  // name, lower case -> device
};

}  // namespace cfgsweep
