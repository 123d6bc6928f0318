#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/json_writer.h"
#include "model/name_index.h"
#include "parse/secret_redactor.h"  // kRedacted

namespace cfgsweep {

// The normalized, vendor-independent model of one device (docs/model.md). Every extractor
// fills the same fields the same way: addresses as "address/prefix", VLAN lists as
// "10,20,30-40", interface names also in a normalized long form ("Gi0/1" ->
// "GigabitEthernet0/1"). Each item keeps the source line it came from.
struct InterfaceModel {
  std::string name;
  std::string normalized_name;
  uint32_t line = 0;
  std::optional<std::string> description;
  bool enabled = true;
  std::vector<std::string> ipv4;
  std::vector<std::string> ipv6;
  std::string vrf;
  std::string mode;  // "access", "trunk", "routed" or empty
  std::optional<uint32_t> access_vlan;
  std::string allowed_vlans;
  std::optional<uint32_t> mtu;
  std::string lag;  // the port-channel / ae / bond this member belongs to
};

struct VlanModel {
  uint32_t id = 0;
  std::string name;
  uint32_t line = 0;
};

struct VrfModel {
  std::string name;
  std::string rd;
  uint32_t line = 0;
};

struct StaticRouteModel {
  std::string prefix;  // "0.0.0.0/0"
  std::string next_hop;
  std::string vrf;
  uint32_t line = 0;
};

struct BgpNeighborModel {
  std::string address;
  std::string remote_as;
  std::string description;
  std::string peer_group;
  uint32_t line = 0;
};

struct BgpModel {
  std::string local_as;
  std::string router_id;
  std::deque<BgpNeighborModel> neighbors;
  std::vector<std::string> peer_groups;
  uint32_t line = 0;
};

struct OspfAreaModel {
  std::string area;
  std::vector<std::string> networks;  // prefixes or interface names
};

struct OspfModel {
  std::string process;
  std::string router_id;
  std::vector<OspfAreaModel> areas;
  uint32_t line = 0;
};

struct AclEntryModel {
  std::string text;
  uint32_t line = 0;
};

struct AclModel {
  std::string name;
  uint32_t line = 0;
  std::vector<AclEntryModel> entries;  // in configured order
};

struct UserModel {
  std::string name;
  std::optional<int> privilege;
  std::string role;
  // How the password is kept, never the hash itself: md5-crypt, sha256-crypt, sha512-crypt,
  // pbkdf2-sha256, scrypt, sha256, type7, typeN (another IOS type number), plaintext,
  // encrypted (a vendor hash of unknown kind), pbkdf2, ssh-key, none (see hash_type()).
  std::string hash_type;
  uint32_t line = 0;
};

struct ServerModel {
  std::string address;
  std::string vrf;
  std::string protocol;  // for AAA servers: "tacacs" or "radius"
  uint32_t line = 0;
};

struct SnmpCommunityModel {
  std::string name;    // redacted unless asked otherwise
  std::string access;  // "ro", "rw" or empty
  uint32_t line = 0;
};

struct SnmpModel {
  std::vector<std::string> versions;  // "v1", "v2c", "v3"
  std::vector<SnmpCommunityModel> communities;
  std::vector<ServerModel> hosts;  // trap/inform receivers
};

struct BannerModel {
  std::string kind;  // "motd", "login", "exec", ...
  std::string text;
  uint32_t line = 0;
};

struct DeviceModel {
  std::optional<std::string> hostname;
  uint32_t hostname_line = 0;
  std::string domain;
  std::string os_version;
  // A deque: extractors hold a reference to one interface while adding others (LAG members).
  std::deque<InterfaceModel> interfaces;
  std::vector<VlanModel> vlans;
  std::vector<VrfModel> vrfs;
  std::vector<StaticRouteModel> static_routes;
  std::optional<BgpModel> bgp;
  std::vector<OspfModel> ospf;
  std::deque<AclModel> acls;
  std::vector<UserModel> users;
  std::vector<ServerModel> ntp_servers;
  SnmpModel snmp;
  std::vector<ServerModel> syslog_servers;
  std::vector<ServerModel> aaa_servers;
  std::vector<ServerModel> dns_servers;
  std::vector<BannerModel> banners;

  InterfaceModel& interface(std::string_view name, uint32_t line);
  VlanModel& vlan(uint32_t id, uint32_t line);
  BgpModel& bgp_process(uint32_t line);
  BgpNeighborModel& bgp_neighbor(std::string_view address, uint32_t line);
  OspfModel& ospf_process(std::string_view process, uint32_t line);
  OspfAreaModel& ospf_area(OspfModel* ospf, std::string_view area);
  AclModel& acl(std::string_view name, uint32_t line);
  UserModel& user(std::string_view name, uint32_t line);

 private:
  NameIndex interface_index_;
  NameIndex neighbor_index_;
  NameIndex acl_index_;
  // VLAN id -> index in `vlans`: "vlan 1-4094" lines add thousands, each looked up.
  std::unordered_map<uint32_t, std::size_t> vlan_index_;
};

// Replaces the secrets the model holds in clear (SNMP community names) with kRedacted:
// for a model extracted with reveal_secrets so that policy rules could see them.
void redact_model_secrets(DeviceModel* model);

// The large parts of a model, which a consumer that does not read them can leave out
// (policy model rules that test no ACL, no interface: half of a model is ACL entries).
struct ModelParts {
  bool interfaces = true;
  bool acls = true;
};

// Writes the model as a JSON object (the parts left out are absent).
void write_model_json(const DeviceModel& model, JsonWriter* json, ModelParts parts = {});

// "255.255.255.0" -> 24; nullopt for anything that is not a contiguous netmask.
std::optional<int> netmask_prefix_length(std::string_view mask);
// "A.B.C.D" + "M.M.M.M" -> "A.B.C.D/len"; an address that already has "/len" is kept.
std::optional<std::string> ipv4_with_prefix(std::string_view address, std::string_view mask);
// "Gi0/1" -> "GigabitEthernet0/1", "po10" -> "Port-channel10"; other names unchanged.
std::string normalize_interface_name(std::string_view name);
// Strips one pair of surrounding double or single quotes.
std::string_view unquote(std::string_view text);

}  // namespace cfgsweep
