#include "workers/ios_model.h"

#include <charconv>

#include <fmt/format.h>

namespace cfgsweep {

namespace {

bool consume(std::string_view* text, std::string_view prefix) {
  if (text->substr(0, prefix.size()) != prefix) return false;
  text->remove_prefix(prefix.size());
  return true;
}

std::string_view first_word(std::string_view text) { return text.substr(0, text.find(' ')); }

std::string_view unquote(std::string_view text) {
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"')
    return text.substr(1, text.size() - 2);
  return text;
}

// "A.B.C.D M.M.M.M [secondary]" or "A.B.C.D/len" -> "A.B.C.D/len".
std::optional<std::string> ipv4_with_prefix(std::string_view rest) {
  std::string_view address = first_word(rest);
  if (address.find('/') != std::string_view::npos) return std::string(address);
  if (address.size() == rest.size()) return std::nullopt;
  std::string_view mask = first_word(rest.substr(address.size() + 1));
  auto length = netmask_prefix_length(mask);
  if (!length) return std::nullopt;
  return fmt::format("{}/{}", address, *length);
}

void apply_interface_line(std::string_view text, InterfaceModel* interface) {
  std::string_view rest = text;
  if (consume(&rest, "description ")) {
    interface->description = rest;
  } else if (text == "shutdown") {
    interface->enabled = false;
  } else if (text == "no shutdown") {
    interface->enabled = true;
  } else if (consume(&rest, "ip address ") || consume(&rest, "ipv4 address ")) {
    if (auto address = ipv4_with_prefix(rest)) interface->ipv4.push_back(std::move(*address));
  } else if (consume(&rest, "ipv6 address ")) {
    std::string_view address = first_word(rest);
    if (address.find('/') != std::string_view::npos) interface->ipv6.emplace_back(address);
  } else if (consume(&rest, "vrf forwarding ") || consume(&rest, "ip vrf forwarding ") ||
             consume(&rest, "vrf member ") || consume(&rest, "vrf ")) {
    interface->vrf = first_word(rest);
  } else if (consume(&rest, "switchport mode ")) {
    interface->mode = first_word(rest);
  } else if (text == "no switchport") {
    interface->mode = "routed";
  } else if (consume(&rest, "mtu ")) {
    uint32_t mtu = 0;
    auto word = first_word(rest);
    if (std::from_chars(word.data(), word.data() + word.size(), mtu).ec == std::errc{})
      interface->mtu = mtu;
  }
}

}  // namespace

std::optional<int> netmask_prefix_length(std::string_view mask) {
  uint32_t bits = 0;
  int octets = 0;
  while (octets < 4) {
    unsigned value = 0;
    auto [end, ec] = std::from_chars(mask.data(), mask.data() + mask.size(), value);
    if (ec != std::errc{} || value > 255) return std::nullopt;
    bits = (bits << 8) | value;
    mask.remove_prefix(static_cast<std::size_t>(end - mask.data()));
    if (++octets < 4 && !consume(&mask, ".")) return std::nullopt;
  }
  if (!mask.empty()) return std::nullopt;
  uint32_t inverted = ~bits;
  if ((inverted & (inverted + 1)) != 0) return std::nullopt;  // ones must be contiguous
  return __builtin_popcount(bits);
}

DeviceModel extract_ios_model(const ConfigTree& tree) {
  DeviceModel model;
  for (int32_t index : tree.children(ConfigTree::kRoot)) {
    const ConfigNode& node = tree.node(index);
    std::string_view rest = node.text;
    if (consume(&rest, "hostname ") || consume(&rest, "switchname ")) {
      model.hostname = unquote(rest);
      model.hostname_line = node.line;
    } else if (consume(&rest, "interface ")) {
      InterfaceModel interface;
      interface.name = first_word(rest);
      interface.line = node.line;
      for (int32_t child : tree.children(index))
        apply_interface_line(tree.node(child).text, &interface);
      model.interfaces.push_back(std::move(interface));
    }
  }
  return model;
}

void write_model_fields(const DeviceModel& model, JsonWriter* json) {
  json->key("hostname");
  model.hostname ? json->string(*model.hostname) : json->null();
  json->key("interfaces");
  json->begin_array();
  for (const InterfaceModel& interface : model.interfaces) {
    json->begin_object();
    json->field("name", interface.name);
    json->field("line", uint64_t{interface.line});
    json->key("description");
    interface.description ? json->string(*interface.description) : json->null();
    json->field("enabled", interface.enabled);
    json->key("ipv4");
    json->begin_array();
    for (const auto& address : interface.ipv4) json->string(address);
    json->end_array();
    json->key("ipv6");
    json->begin_array();
    for (const auto& address : interface.ipv6) json->string(address);
    json->end_array();
    json->key("vrf");
    interface.vrf.empty() ? json->null() : json->string(interface.vrf);
    json->key("mode");
    interface.mode.empty() ? json->null() : json->string(interface.mode);
    json->key("mtu");
    interface.mtu ? json->number(uint64_t{*interface.mtu}) : json->null();
    json->end_object();
  }
  json->end_array();
}

}  // namespace cfgsweep
