#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/error.h"

namespace cfgsweep {

// One device to fetch, with every value resolved: the host's own, then its groups' (in
// order, each group before its parents), then the defaults — Nornir's precedence.
struct InventoryHost {
  std::string name;
  std::string hostname;  // what to connect to; the name when unset
  uint16_t port = 0;     // 0: from ~/.ssh/config, else 22
  std::string username;  // empty: from ~/.ssh/config, else the local user
  std::string platform;
  std::vector<std::string> groups;          // direct and inherited, nearest first
  std::map<std::string, std::string> data;  // scalar data fields, "a.b" for nested ones
  std::vector<std::string> commands;        // data.commands; empty: the platform's
  std::vector<std::string> files;           // data.files (linux hosts: `cat` of each)
  std::string password;                     // the inventory's `password` (a file)
  std::string source;                       // "hosts.yaml:12", for messages
};

// Loads an inventory, by what `path` is:
//   a directory: Nornir SimpleInventory files hosts.yaml, and groups.yaml and
//     defaults.yaml when present;
//   a .yaml/.yml file: a Nornir hosts file, with groups.yaml and defaults.yaml beside it;
//   a .csv file: a header line naming columns (name, hostname, port, username, platform,
//     groups separated by ';'; any other column is a data field), then one host per row;
//   any other file: one host per line, "NAME [key=value ...]" with the keys hostname,
//     port, username, platform, groups; '#' starts a comment.
// Every unknown key, bad value, duplicate host and unknown group of the files is a
// mistake, each "file:line[:column]: what to fix", one line each in the error. The error's
// status is kNoInput when `path` does not exist or cannot be read, kUsage otherwise.
Result<std::vector<InventoryHost>> load_inventory(const std::string& path);

// The value of a host's FIELD for --shard-by: name, hostname, platform or data.KEY;
// nullopt when the host has no such data field. `field` must pass is_shard_field().
std::optional<std::string> host_field(const InventoryHost& host, std::string_view field);
// The fields --shard-by takes: one value per host (not group: a host has several).
bool is_shard_field(std::string_view field);
// Everything the inventory says of a host, resolved (name, address, user, platform, groups,
// data, commands, files), as one string: two runs whose hosts describe alike are one run.
std::string host_description(const InventoryHost& host);

// Keeps the hosts that --limit and --filter select. `limit`: names or globs, any of which
// may match. `filters`: "field=value" (all must hold), field one of name, hostname,
// platform, group, or data.KEY; value a glob. A bad filter is an error (kUsage).
Result<std::vector<InventoryHost>> select_hosts(std::vector<InventoryHost> hosts,
                                                const std::vector<std::string>& limit,
                                                const std::vector<std::string>& filters);

}  // namespace cfgsweep
