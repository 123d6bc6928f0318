#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "inventory/inventory.h"

namespace cfgsweep {

// Reads a Nornir SimpleInventory: `hosts_file`, and groups.yaml and defaults.yaml beside it
// when present. Hosts are resolved against their groups (nearest first, each before its
// parents) and the defaults, Nornir's precedence. Every mistake goes to `mistakes`; the
// hosts returned are only meaningful when none was recorded.
std::vector<InventoryHost> load_nornir(const std::filesystem::path& hosts_file,
                                       Diagnostics* mistakes);

// A port number from 1 to 65535, or nullopt.
std::optional<uint16_t> port_from_text(std::string_view text);

}  // namespace cfgsweep
