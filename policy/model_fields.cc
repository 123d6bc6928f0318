#include "policy/model_fields.h"

#include <array>
#include <utility>

namespace cfgsweep {

namespace {

using K = FieldKind;

// Every field path of the model; "[]" marks the items of a list.
constexpr auto kFields = std::to_array<std::pair<std::string_view, FieldKind>>({
    {"hostname", K::kString},
    {"domain", K::kString},
    {"os_version", K::kString},
    {"interfaces", K::kObjectList},
    {"interfaces[].name", K::kString},
    {"interfaces[].normalized_name", K::kString},
    {"interfaces[].description", K::kString},
    {"interfaces[].enabled", K::kBool},
    {"interfaces[].ipv4", K::kStringList},
    {"interfaces[].ipv6", K::kStringList},
    {"interfaces[].vrf", K::kString},
    {"interfaces[].mode", K::kString},
    {"interfaces[].access_vlan", K::kNumber},
    {"interfaces[].allowed_vlans", K::kString},
    {"interfaces[].mtu", K::kNumber},
    {"interfaces[].lag", K::kString},
    {"vlans", K::kObjectList},
    {"vlans[].id", K::kNumber},
    {"vlans[].name", K::kString},
    {"vrfs", K::kObjectList},
    {"vrfs[].name", K::kString},
    {"vrfs[].rd", K::kString},
    {"static_routes", K::kObjectList},
    {"static_routes[].prefix", K::kString},
    {"static_routes[].next_hop", K::kString},
    {"static_routes[].vrf", K::kString},
    {"bgp", K::kObject},
    {"bgp.local_as", K::kString},
    {"bgp.router_id", K::kString},
    {"bgp.neighbors", K::kObjectList},
    {"bgp.neighbors[].address", K::kString},
    {"bgp.neighbors[].remote_as", K::kString},
    {"bgp.neighbors[].description", K::kString},
    {"bgp.neighbors[].peer_group", K::kString},
    {"bgp.peer_groups", K::kStringList},
    {"ospf", K::kObjectList},
    {"ospf[].process", K::kString},
    {"ospf[].router_id", K::kString},
    {"ospf[].areas", K::kObjectList},
    {"acls", K::kObjectList},
    {"acls[].name", K::kString},
    {"acls[].entries", K::kObjectList},
    {"users", K::kObjectList},
    {"users[].name", K::kString},
    {"users[].privilege", K::kNumber},
    {"users[].role", K::kString},
    {"users[].hash_type", K::kString},
    {"ntp_servers", K::kObjectList},
    {"syslog_servers", K::kObjectList},
    {"aaa_servers", K::kObjectList},
    {"dns_servers", K::kObjectList},
    {"snmp", K::kObject},
    {"snmp.versions", K::kStringList},
    {"snmp.communities", K::kObjectList},
    {"snmp.communities[].name", K::kString},
    {"snmp.communities[].access", K::kString},
    {"snmp.hosts", K::kObjectList},
    {"banners", K::kObjectList},
    {"banners[].kind", K::kString},
    {"banners[].text", K::kString},
});

// The server lists share one item shape.
constexpr auto kServerLists = std::to_array<std::string_view>(
    {"ntp_servers", "syslog_servers", "aaa_servers", "dns_servers", "snmp.hosts"});
constexpr auto kServerFields = std::to_array<std::pair<std::string_view, FieldKind>>(
    {{"address", K::kString}, {"vrf", K::kString}, {"protocol", K::kString}});

std::string full_path(std::string_view list, std::string_view field) {
  if (list.empty()) return std::string(field);
  return std::string(list) + "[]." + std::string(field);
}

}  // namespace

std::optional<FieldKind> model_field_kind(std::string_view list, std::string_view field) {
  for (std::string_view server_list : kServerLists)
    if (list == server_list)
      for (const auto& [name, kind] : kServerFields)
        if (name == field) return kind;
  std::string path = full_path(list, field);
  for (const auto& [name, kind] : kFields)
    if (name == path) return kind;
  return std::nullopt;
}

std::string model_field_names(std::string_view list) {
  std::string out;
  auto add = [&](std::string_view name) {
    if (!out.empty()) out += ", ";
    out += name;
  };
  for (std::string_view server_list : kServerLists)
    if (list == server_list) {
      for (const auto& field : kServerFields) add(field.first);
      return out;
    }
  std::string prefix = list.empty() ? "" : std::string(list) + "[].";
  for (const auto& field : kFields) {
    std::string_view name = field.first;
    if (!name.starts_with(prefix)) continue;
    name.remove_prefix(prefix.size());
    if (list.empty() && name.find("[]") != std::string_view::npos) continue;
    if (name.find("[]") == std::string_view::npos) add(name);
  }
  return out;
}

}  // namespace cfgsweep
