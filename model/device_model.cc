#include "model/device_model.h"

#include <algorithm>
#include <array>
#include <charconv>

#include <fmt/format.h>

namespace cfgsweep {

namespace {

template <typename T, typename Match, typename Make>
T& find_or_add(std::vector<T>* items, Match match, Make make) {
  auto it = std::find_if(items->begin(), items->end(), match);
  if (it != items->end()) return *it;
  return items->emplace_back(make());
}

// A model value longer than this is cut: a hostile 200 MB "hostname" line must not make a
// 200 MB result (and a worker's memory three times that). The tree keeps the whole line.
constexpr std::size_t kMaxValueBytes = 4096;

std::string_view clipped(std::string_view value) { return value.substr(0, kMaxValueBytes); }

// Inside list items, a field the config does not set is left out: a 48-port switch's
// result stays smaller than its config.
void write_optional(JsonWriter* json, std::string_view key, std::string_view value) {
  if (value.empty()) return;
  json->key(key);
  json->string(clipped(value));
}

void write_optional(JsonWriter* json, std::string_view key, const std::optional<uint32_t>& value) {
  if (!value) return;
  json->key(key);
  json->number(uint64_t{*value});
}

// A top-level scalar is always there, null when unset, so scripts can test it directly.
void write_nullable(JsonWriter* json, std::string_view key, std::string_view value) {
  json->key(key);
  value.empty() ? json->null() : json->string(clipped(value));
}

void write_strings(JsonWriter* json, std::string_view key, const std::vector<std::string>& values,
                   bool always = false) {
  if (values.empty() && !always) return;
  json->key(key);
  json->begin_array();
  for (const std::string& v : values) json->string(clipped(v));
  json->end_array();
}

template <typename Container, typename Write>
void write_list(JsonWriter* json, std::string_view key, const Container& items, Write write) {
  json->key(key);
  json->begin_array();
  for (const auto& item : items) {
    json->begin_object();
    write(item);
    json->end_object();
  }
  json->end_array();
}

void write_servers(JsonWriter* json, std::string_view key,
                   const std::vector<ServerModel>& servers) {
  write_list(json, key, servers, [&](const ServerModel& s) {
    json->field("address", clipped(s.address));
    if (!s.vrf.empty()) json->field("vrf", clipped(s.vrf));
    if (!s.protocol.empty()) json->field("protocol", clipped(s.protocol));
    json->field("line", uint64_t{s.line});
  });
}

void write_interface(JsonWriter* json, const InterfaceModel& i) {
  json->field("name", clipped(i.name));
  json->field("normalized_name", clipped(i.normalized_name));
  json->field("line", uint64_t{i.line});
  if (i.description) json->field("description", clipped(*i.description));
  json->field("enabled", i.enabled);
  write_strings(json, "ipv4", i.ipv4);
  write_strings(json, "ipv6", i.ipv6);
  write_optional(json, "vrf", i.vrf);
  write_optional(json, "mode", i.mode);
  write_optional(json, "access_vlan", i.access_vlan);
  write_optional(json, "allowed_vlans", i.allowed_vlans);
  write_optional(json, "mtu", i.mtu);
  write_optional(json, "lag", i.lag);
}

void write_bgp(JsonWriter* json, const std::optional<BgpModel>& bgp) {
  json->key("bgp");
  if (!bgp) return json->null();
  json->begin_object();
  write_nullable(json, "local_as", bgp->local_as);
  write_nullable(json, "router_id", bgp->router_id);
  json->field("line", uint64_t{bgp->line});
  write_list(json, "neighbors", bgp->neighbors, [&](const BgpNeighborModel& n) {
    json->field("address", clipped(n.address));
    write_optional(json, "remote_as", n.remote_as);
    write_optional(json, "description", n.description);
    write_optional(json, "peer_group", n.peer_group);
    json->field("line", uint64_t{n.line});
  });
  write_strings(json, "peer_groups", bgp->peer_groups, true);
  json->end_object();
}

}  // namespace

InterfaceModel& DeviceModel::interface(std::string_view name, uint32_t line) {
  bool added_now;
  std::size_t at = interface_index_.find_or_add(
      name, interfaces.size(),
      [&](std::size_t i) -> std::string_view { return interfaces[i].name; }, &added_now);
  if (!added_now) return interfaces[at];
  InterfaceModel& added = interfaces.emplace_back();
  added.name = std::string(name);
  added.normalized_name = normalize_interface_name(name);
  added.line = line;
  return added;
}

VlanModel& DeviceModel::vlan(uint32_t id, uint32_t line) {
  auto [at, added] = vlan_index_.try_emplace(id, vlans.size());
  if (!added && (at->second >= vlans.size() || vlans[at->second].id != id)) {
    vlan_index_.clear();  // `vlans` was changed behind the index: rebuild it
    for (std::size_t i = 0; i < vlans.size(); ++i) vlan_index_.try_emplace(vlans[i].id, i);
    return vlan(id, line);
  }
  if (added) vlans.push_back(VlanModel{id, {}, line});
  return vlans[at->second];
}

BgpModel& DeviceModel::bgp_process(uint32_t line) {
  if (!bgp) {
    bgp.emplace();
    bgp->line = line;
  }
  return *bgp;
}

BgpNeighborModel& DeviceModel::bgp_neighbor(std::string_view address, uint32_t line) {
  BgpModel& process = bgp_process(line);
  bool added_now;
  std::size_t at = neighbor_index_.find_or_add(
      address, process.neighbors.size(),
      [&](std::size_t i) -> std::string_view { return process.neighbors[i].address; }, &added_now);
  if (!added_now) return process.neighbors[at];
  BgpNeighborModel& added = process.neighbors.emplace_back();
  added.address = std::string(address);
  added.line = line;
  return added;
}

OspfModel& DeviceModel::ospf_process(std::string_view process, uint32_t line) {
  return find_or_add(
      &ospf, [&](const OspfModel& o) { return o.process == process; },
      [&] {
        OspfModel o;
        o.process = std::string(process);
        o.line = line;
        return o;
      });
}

OspfAreaModel& DeviceModel::ospf_area(OspfModel* process, std::string_view area) {
  return find_or_add(
      &process->areas, [&](const OspfAreaModel& a) { return a.area == area; },
      [&] {
        return OspfAreaModel{std::string(area), {}};
      });
}

AclModel& DeviceModel::acl(std::string_view name, uint32_t line) {
  bool added_now;
  std::size_t at = acl_index_.find_or_add(
      name, acls.size(), [&](std::size_t i) -> std::string_view { return acls[i].name; },
      &added_now);
  if (!added_now) return acls[at];
  return acls.emplace_back(AclModel{std::string(name), line, {}});
}

UserModel& DeviceModel::user(std::string_view name, uint32_t line) {
  return find_or_add(
      &users, [&](const UserModel& u) { return u.name == name; },
      [&] {
        UserModel u;
        u.name = std::string(name);
        u.line = line;
        return u;
      });
}

void write_model_json(const DeviceModel& m, JsonWriter* json, ModelParts parts) {
  json->begin_object();
  json->key("hostname");
  m.hostname ? json->string(clipped(*m.hostname)) : json->null();
  write_nullable(json, "domain", m.domain);
  write_nullable(json, "os_version", m.os_version);
  if (parts.interfaces)
    write_list(json, "interfaces", m.interfaces,
               [&](const InterfaceModel& i) { write_interface(json, i); });
  write_list(json, "vlans", m.vlans, [&](const VlanModel& v) {
    json->field("id", uint64_t{v.id});
    write_optional(json, "name", v.name);
    json->field("line", uint64_t{v.line});
  });
  write_list(json, "vrfs", m.vrfs, [&](const VrfModel& v) {
    json->field("name", clipped(v.name));
    write_optional(json, "rd", v.rd);
    json->field("line", uint64_t{v.line});
  });
  write_list(json, "static_routes", m.static_routes, [&](const StaticRouteModel& r) {
    json->field("prefix", clipped(r.prefix));
    write_optional(json, "next_hop", r.next_hop);
    write_optional(json, "vrf", r.vrf);
    json->field("line", uint64_t{r.line});
  });
  write_bgp(json, m.bgp);
  write_list(json, "ospf", m.ospf, [&](const OspfModel& o) {
    json->field("process", clipped(o.process));
    write_optional(json, "router_id", o.router_id);
    json->field("line", uint64_t{o.line});
    write_list(json, "areas", o.areas, [&](const OspfAreaModel& a) {
      json->field("area", clipped(a.area));
      write_strings(json, "networks", a.networks, true);
    });
  });
  if (parts.acls)
    write_list(json, "acls", m.acls, [&](const AclModel& a) {
      json->field("name", clipped(a.name));
      json->field("line", uint64_t{a.line});
      write_list(json, "entries", a.entries, [&](const AclEntryModel& e) {
        json->field("text", clipped(e.text));
        json->field("line", uint64_t{e.line});
      });
    });
  write_list(json, "users", m.users, [&](const UserModel& u) {
    json->field("name", clipped(u.name));
    if (u.privilege) {
      json->key("privilege");
      json->number(int64_t{*u.privilege});
    }
    write_optional(json, "role", u.role);
    write_optional(json, "hash_type", u.hash_type);
    json->field("line", uint64_t{u.line});
  });
  write_servers(json, "ntp_servers", m.ntp_servers);
  json->key("snmp");
  json->begin_object();
  write_strings(json, "versions", m.snmp.versions, true);
  write_list(json, "communities", m.snmp.communities, [&](const SnmpCommunityModel& c) {
    json->field("name", clipped(c.name));
    write_optional(json, "access", c.access);
    json->field("line", uint64_t{c.line});
  });
  write_servers(json, "hosts", m.snmp.hosts);
  json->end_object();
  write_servers(json, "syslog_servers", m.syslog_servers);
  write_servers(json, "aaa_servers", m.aaa_servers);
  write_servers(json, "dns_servers", m.dns_servers);
  write_list(json, "banners", m.banners, [&](const BannerModel& b) {
    json->field("kind", clipped(b.kind));
    json->field("text", clipped(b.text));
    json->field("line", uint64_t{b.line});
  });
  json->end_object();
}

std::optional<int> netmask_prefix_length(std::string_view mask) {
  uint32_t bits = 0;
  int octets = 0;
  while (octets < 4) {
    unsigned value = 0;
    auto [end, ec] = std::from_chars(mask.data(), mask.data() + mask.size(), value);
    if (ec != std::errc{} || value > 255) return std::nullopt;
    bits = (bits << 8) | value;
    mask.remove_prefix(static_cast<std::size_t>(end - mask.data()));
    if (++octets < 4) {
      if (mask.empty() || mask.front() != '.') return std::nullopt;
      mask.remove_prefix(1);
    }
  }
  if (!mask.empty()) return std::nullopt;
  uint32_t inverted = ~bits;
  if ((inverted & (inverted + 1)) != 0) return std::nullopt;  // ones must be contiguous
  return __builtin_popcount(bits);
}

std::optional<std::string> ipv4_with_prefix(std::string_view address, std::string_view mask) {
  if (address.find('/') != std::string_view::npos) return std::string(address);
  auto length = netmask_prefix_length(mask);
  if (!length) return std::nullopt;
  return fmt::format("{}/{}", address, *length);
}

std::string normalize_interface_name(std::string_view name) {
  struct Abbreviation {
    std::string_view shortest;  // the shortest accepted prefix, lower case
    std::string_view full;
  };
  static constexpr auto kNames = std::to_array<Abbreviation>({
      {"hu", "HundredGigE"},
      {"fo", "FortyGigabitEthernet"},
      {"twe", "TwentyFiveGigE"},
      {"te", "TenGigabitEthernet"},
      {"gi", "GigabitEthernet"},
      {"fa", "FastEthernet"},
      {"eth", "Ethernet"},
      {"et", "Ethernet"},
      {"po", "Port-channel"},
      {"lo", "Loopback"},
      {"vl", "Vlan"},
      {"tu", "Tunnel"},
      {"mg", "Management"},
      {"ma", "Management"},
      {"se", "Serial"},
      {"bu", "Bundle-Ether"},
  });
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
  auto is_letter = [&](char c) { return (lower(c) >= 'a' && lower(c) <= 'z') || c == '-'; };
  std::size_t letters = 0;
  while (letters < name.size() && is_letter(name[letters])) ++letters;
  if (letters == 0 || letters == name.size()) return std::string(name);
  std::string_view prefix = name.substr(0, letters);
  // `prefix` (any case) must start with `shortest` and be a prefix of `full`.
  auto abbreviates = [&](const Abbreviation& a) {
    if (lower(prefix[0]) != a.shortest[0]) return false;  // most names fail here, cheaply
    if (prefix.size() < a.shortest.size() || prefix.size() > a.full.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i)
      if (lower(prefix[i]) != lower(a.full[i])) return false;
    return true;
  };
  // "port1" is a FortiOS front port, not Port-channel1 ("po1", "Port-Channel1" are).
  auto is_port = [&] {
    return prefix.size() == 4 && lower(prefix[0]) == 'p' && lower(prefix[3]) == 't';
  };
  for (const Abbreviation& a : kNames)
    if (abbreviates(a) && !(a.shortest == "po" && is_port()))
      return fmt::format("{}{}", a.full, name.substr(letters));
  return std::string(name);
}

std::string_view unquote(std::string_view text) {
  if (text.size() >= 2 && (text.front() == '"' || text.front() == '\'') &&
      text.back() == text.front())
    return text.substr(1, text.size() - 2);
  return text;
}

void redact_model_secrets(DeviceModel* model) {
  for (SnmpCommunityModel& community : model->snmp.communities)
    community.name = std::string(kRedacted);
}

}  // namespace cfgsweep
