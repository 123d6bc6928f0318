#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/json_writer.h"
#include "workers/config_tree.h"

namespace cfgsweep {

struct InterfaceModel {
  std::string_view name;
  uint32_t line = 0;
  std::optional<std::string_view> description;
  bool enabled = true;
  std::vector<std::string> ipv4;  // "address/prefix"
  std::vector<std::string> ipv6;
  std::string_view vrf;
  std::string_view mode;  // "access", "trunk", "routed" or empty
  std::optional<uint32_t> mtu;
};

// The part of the normalized device model that IOS-family configs fill today: hostname
// and interfaces. Views point into the parsed input.
struct DeviceModel {
  std::optional<std::string_view> hostname;
  uint32_t hostname_line = 0;
  std::vector<InterfaceModel> interfaces;
};

DeviceModel extract_ios_model(const ConfigTree& tree);
// Adds "hostname" and "interfaces" to the object `json` is writing.
void write_model_fields(const DeviceModel& model, JsonWriter* json);

// "255.255.255.0" -> 24; nullopt for anything that is not a contiguous netmask.
std::optional<int> netmask_prefix_length(std::string_view mask);

}  // namespace cfgsweep
