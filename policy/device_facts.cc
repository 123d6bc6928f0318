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

DeviceFacts facts_of(const InventoryHost& host) {
  DeviceFacts facts{host.name, host.platform, host.groups, {}, {}, host.data};
  split_into(host.data, "tags", &facts.tags);
  split_into(host.data, "role", &facts.roles);
  split_into(host.data, "roles", &facts.roles);
  facts.vars["name"] = host.name;
  facts.vars["platform"] = host.platform;
  facts.vars["inventory_hostname"] = host.hostname;
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
