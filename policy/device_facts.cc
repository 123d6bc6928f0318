#include "policy/device_facts.h"

#include <algorithm>
#include <cctype>

namespace cfgsweep {

namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// Inventory lists arrive joined by commas (see load_inventory).
void split_into(const std::map<std::string, std::string>& data, const char* key,
                std::vector<std::string>* out) {
  auto it = data.find(key);
  if (it == data.end()) return;
  std::string_view rest = it->second;
  while (!rest.empty()) {
    std::size_t comma = rest.find(',');
    std::string_view item = rest.substr(0, comma);
    if (!item.empty()) out->emplace_back(item);
    rest.remove_prefix(comma == std::string_view::npos ? rest.size() : comma + 1);
  }
}

}  // namespace

Vendor vendor_of_platform(std::string_view platform) {
  // Ansible's collection names end in the platform's short name ("cisco.ios.ios").
  if (auto dot = platform.rfind('.'); dot != std::string_view::npos)
    platform.remove_prefix(dot + 1);
  struct Alias {
    std::string_view platform;
    Vendor vendor;
  };
  static constexpr Alias kAliases[] = {
      {"ios", Vendor::kCiscoIos},
      {"cisco_ios", Vendor::kCiscoIos},
      {"iosxe", Vendor::kCiscoIosxe},
      {"cisco_xe", Vendor::kCiscoIosxe},
      {"cisco_iosxe", Vendor::kCiscoIosxe},
      {"nxos", Vendor::kCiscoNxos},
      {"nxos_ssh", Vendor::kCiscoNxos},
      {"cisco_nxos", Vendor::kCiscoNxos},
      {"iosxr", Vendor::kCiscoIosxr},
      {"cisco_xr", Vendor::kCiscoIosxr},
      {"cisco_iosxr", Vendor::kCiscoIosxr},
      {"asa", Vendor::kCiscoAsa},
      {"cisco_asa", Vendor::kCiscoAsa},
      {"eos", Vendor::kAristaEos},
      {"arista_eos", Vendor::kAristaEos},
      {"junos", Vendor::kJuniperJunos},
      {"juniper", Vendor::kJuniperJunos},
      {"juniper_junos", Vendor::kJuniperJunos},
      {"vyos", Vendor::kVyos},
      {"panos", Vendor::kPaloaltoPanos},
      {"paloalto_panos", Vendor::kPaloaltoPanos},
      {"fortios", Vendor::kFortinetFortios},
      {"fortinet", Vendor::kFortinetFortios},
      {"frr", Vendor::kFrr},
  };
  for (const Alias& alias : kAliases)
    if (alias.platform == platform) return alias.vendor;
  return Vendor::kUnknown;
}

namespace {

DeviceFacts facts_of(const InventoryHost& host) {
  DeviceFacts facts{host.name, host.platform, host.groups, {}, {}, host.data};
  split_into(host.data, "tags", &facts.tags);
  split_into(host.data, "role", &facts.roles);
  split_into(host.data, "roles", &facts.roles);
  facts.vars["name"] = host.name;
  facts.vars["platform"] = host.platform;
  facts.vars["inventory_hostname"] = host.hostname;
  facts.vendor = vendor_of_platform(lower(host.platform));
  return facts;
}

std::string_view base_name(std::string_view path) {
  std::size_t slash = path.find_last_of('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

}  // namespace

DeviceDirectory::DeviceDirectory(const std::vector<InventoryHost>& hosts) {
  for (const InventoryHost& host : hosts) {
    index_.emplace(lower(host.name), devices_.size());
    devices_.push_back(facts_of(host));
  }
}

const DeviceFacts* DeviceDirectory::by_name(std::string_view name) const {
  auto it = index_.find(lower(name));
  return it == index_.end() ? nullptr : &devices_[it->second];
}

const DeviceFacts* DeviceDirectory::find(std::string_view source, std::string_view member,
                                         std::string_view configured_hostname) const {
  if (devices_.empty()) return nullptr;
  if (const DeviceFacts* d = by_name(source)) return d;  // `run`: the device's name
  // A saved file: "edge1", "edge1.cfg", "edge1.junos.conf", "edge1.example.net.cfg"...
  // the longest name that the file name starts with, cut at a dot.
  std::string_view file = base_name(member.empty() ? source : member);
  for (std::string_view name = file; !name.empty();) {
    if (const DeviceFacts* d = by_name(name)) return d;
    std::size_t dot = name.find_last_of('.');
    if (dot == std::string_view::npos) break;
    name = name.substr(0, dot);
  }
  return configured_hostname.empty() ? nullptr : by_name(configured_hostname);
}

}  // namespace cfgsweep
