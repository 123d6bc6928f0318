// The IOS-family extractor: IOS, IOS-XE, NX-OS, IOS-XR, ASA, EOS and FRR share most
// commands; where they differ, each spelling is read ("ip address A M" and "ipv4 address",
// "vrf forwarding", "vrf member" and "vrf").
#include <cctype>
#include <charconv>
#include <string>
#include <unordered_map>

#include <fmt/format.h>

#include "model/ios_services.h"
#include "model/model_extractor.h"
#include "parse/words.h"

namespace cfgsweep {

namespace {

// "0.0.0.255" (an OSPF wildcard) -> 24.
std::optional<int> wildcard_prefix_length(std::string_view wildcard) {
  uint32_t bits = 0;
  int count = 0;
  std::size_t pos = 0;
  while (count < 4) {
    std::size_t dot = wildcard.find('.', pos);
    auto value = to_number(wildcard.substr(pos, dot == std::string_view::npos ? dot : dot - pos));
    if (!value || *value > 255) return std::nullopt;
    bits = (bits << 8) | *value;
    ++count;
    if (dot == std::string_view::npos) break;
    pos = dot + 1;
  }
  if (count != 4) return std::nullopt;
  uint32_t mask = ~bits;
  if ((bits & (bits + 1)) != 0) return std::nullopt;
  return __builtin_popcount(mask);
}

class IosExtractor {
 public:
  IosExtractor(const ConfigTree& tree, bool one_line_banners, const ModelOptions& options,
               DeviceModel* model, ModelCoverage* coverage)
      : tree_(tree),
        options_(options),
        m_(*model),
        coverage_(*coverage),
        services_(tree, one_line_banners, options, model, coverage) {}

  void run() {
    for (int32_t node : tree_.children(ConfigTree::kRoot)) {
      if (flush_left_child(node)) continue;
      last_interface_ = nullptr;
      last_acl_ = nullptr;
      top_level(node);
    }
    ospf_interfaces();
  }

 private:
  std::string_view text(int32_t node) const { return tree_.node(node).text; }
  uint32_t line(int32_t node) const { return tree_.node(node).line; }
  void use(int32_t node) { coverage_.use(node); }

  // A line no device prints unindented ("ip address ..." after "interface X" with no
  // indentation: hand-written configs and test fixtures) belongs to the section before it
  // when it can only be that section's command; it is read as its child.
  bool flush_left_child(int32_t node) {
    if (!last_interface_ && !last_acl_) return false;  // most lines: no section just before
    Words w(text(node));
    if (last_acl_ && to_number(w[0]) && (w[1] == "permit" || w[1] == "deny" || w[1] == "remark")) {
      last_acl_->entries.push_back({std::string(text(node)), line(node)});
      use(node);
      return true;
    }
    if (!last_interface_ || !interface_only(w)) return false;
    if (interface_line(node, last_interface_)) use(node);
    return true;
  }

  static bool interface_only(const Words& w) {
    std::string_view cmd = w[0];
    return cmd == "description" || cmd == "shutdown" || (cmd == "no" && w[1] == "shutdown") ||
           (cmd == "no" && w[1] == "switchport" && w.size() == 2) ||
           (cmd == "switchport" && w[1] != "default") || cmd == "channel-group" ||
           (cmd == "bundle" && w[1] == "id") ||
           ((cmd == "ip" || cmd == "ipv4" || cmd == "ipv6") && w[1] == "address") ||
           (cmd == "vrf" && (w[1] == "forwarding" || w[1] == "member")) ||
           (cmd == "ip" && w[1] == "vrf" && w[2] == "forwarding") ||
           (cmd == "ip" && (w[1] == "ospf" || (w[1] == "router" && w[2] == "ospf"))) ||
           cmd == "carrier-delay" || cmd == "dampening" || cmd == "load-interval" ||
           cmd == "flow-control" || cmd == "speed" || cmd == "duplex";
  }

  void top_level(int32_t node) {
    Words w(text(node));
    std::string_view cmd = w[0];
    uint32_t at = line(node);
    bool used = true;
    if ((cmd == "hostname" || cmd == "switchname") && w.size() >= 2) {
      m_.hostname = std::string(unquote(w.rest(1)));
      m_.hostname_line = at;
    } else if (cmd == "version" || (cmd == "ASA" && w[1] == "Version")) {
      m_.os_version = std::string(cmd == "ASA" ? w[2] : w[1]);
    } else if ((cmd == "ip" && (w[1] == "domain-name" || (w[1] == "domain" && w[2] == "name"))) ||
               cmd == "domain-name" || (cmd == "dns" && w[1] == "domain") ||
               (cmd == "domain" && w[1] == "name")) {
      m_.domain = std::string(w[w.size() - 1]);
    } else if (cmd == "interface" && w.size() >= 2) {
      interface(node, w);
    } else if (cmd == "vlan" && w.size() >= 2) {
      vlan(node, w[1]);
    } else if ((cmd == "vrf" &&
                (w[1] == "definition" || w[1] == "context" || w[1] == "instance")) ||
               (cmd == "ip" && w[1] == "vrf" && w.size() == 3)) {
      vrf(node, w[2]);
    } else if (cmd == "vrf" && w.size() == 2) {
      vrf(node, w[1]);
    } else if ((cmd == "ip" || cmd == "ipv6") && w[1] == "route") {
      static_route(w, 2, "", at);
    } else if (cmd == "route" && w.size() >= 5) {  // ASA: route IFNAME NET MASK GW [DIST]
      // ASA abbreviates the default route's network and mask to "0 0".
      add_route(w[2] == "0" ? "0.0.0.0" : w[2], w[3] == "0" ? "0.0.0.0" : w[3], w[4], "", at);
    } else if (cmd == "router" && w[1] == "static") {
      router_static(node);
    } else if (cmd == "router" && w[1] == "bgp") {
      BgpModel& bgp = m_.bgp_process(at);
      bgp.local_as = std::string(w[2]);
      bgp_block(node, "");
    } else if (cmd == "router" && w[1] == "ospf") {
      ospf(node, w);
    } else if (((cmd == "ip" || cmd == "ipv6" || cmd == "ipv4" || cmd == "mac") &&
                w[1] == "access-list")) {
      named_acl(node, w);
    } else if (cmd == "access-list" && w.size() >= 3) {
      AclModel& acl = m_.acl(w[1], at);
      acl.entries.push_back({std::string(w.rest(2)), at});
    } else if (services_.read(node, w)) {
      // users, NTP, SNMP, syslog, AAA and DNS servers, banners: ios_services.cc
    } else {
      used = false;
    }
    if (used) use(node);
  }

  void interface(int32_t node, const Words& w) {
    // IOS-XR "interface preconfigure NAME": a card not yet inserted; the name follows.
    std::string_view name = w[1] == "preconfigure" && w.size() >= 3 ? w[2] : w[1];
    InterfaceModel& i = m_.interface(name, line(node));
    for (int32_t child : tree_.children(node))
      if (interface_line(child, &i)) use(child);
    last_interface_ = &i;
  }

  bool interface_line(int32_t node, InterfaceModel* i) {
    std::string_view t = text(node);
    Words w(t);
    std::string_view cmd = w[0];
    if (cmd == "description") {
      i->description = std::string(w.rest(1));
    } else if (t == "shutdown") {
      i->enabled = false;
    } else if (t == "no shutdown") {
      i->enabled = true;
    } else if (cmd == "ip" && w[1] == "address" && w[2] == "virtual") {
      // EOS: a virtual (anycast) address the MLAG peers share, "ip address virtual A/L".
      if (auto address = ipv4_with_prefix(w[3], w[4] == "secondary" ? "" : w[4]))
        i->ipv4.push_back(std::move(*address));
    } else if ((cmd == "ip" || cmd == "ipv4") && w[1] == "address" && w.size() >= 3) {
      if (auto address = ipv4_with_prefix(w[2], w[3])) i->ipv4.push_back(std::move(*address));
    } else if (cmd == "ipv6" && w[1] == "address" && w[2].find('/') != std::string_view::npos) {
      i->ipv6.emplace_back(w[2]);
    } else if (cmd == "vrf" && (w[1] == "forwarding" || w[1] == "member")) {
      i->vrf = std::string(w[2]);
    } else if (cmd == "ip" && w[1] == "vrf" && w[2] == "forwarding") {
      i->vrf = std::string(w[3]);
    } else if (cmd == "vrf" && w.size() == 2) {
      i->vrf = std::string(w[1]);
    } else if (cmd == "switchport" && w[1] == "mode") {
      i->mode = std::string(w[2]);
    } else if (cmd == "switchport" && w[1] == "access" && w[2] == "vlan") {
      i->access_vlan = to_number(w[3]);
      if (i->mode.empty()) i->mode = "access";
    } else if (cmd == "switchport" && w[1] == "trunk" && w[2] == "allowed" && w[3] == "vlan") {
      std::string_view list = w[4] == "add" ? w[5] : w[4];
      if (w[4] == "add" && !i->allowed_vlans.empty()) i->allowed_vlans += ",";
      i->allowed_vlans = w[4] == "add" ? i->allowed_vlans + std::string(list) : std::string(list);
    } else if (t == "no switchport") {
      i->mode = "routed";
    } else if (cmd == "mtu") {
      i->mtu = to_number(w[1]);
    } else if (cmd == "ip" && w[1] == "ospf" && w[3] == "area" && to_number(w[2])) {
      ospf_interfaces_.push_back({i->name, std::string(w[2]), std::string(w[4])});  // IOS
    } else if (cmd == "ip" && w[1] == "router" && w[2] == "ospf" && w[4] == "area") {
      ospf_interfaces_.push_back({i->name, std::string(w[3]), std::string(w[5])});  // NX-OS
    } else if (cmd == "ip" && w[1] == "ospf" && w[2] == "area") {
      ospf_interfaces_.push_back({i->name, "", std::string(w[3])});  // EOS: the one instance
    } else if (cmd == "channel-group") {
      i->lag = fmt::format("Port-channel{}", w[1]);
    } else if (cmd == "bundle" && w[1] == "id") {
      i->lag = fmt::format("Bundle-Ether{}", w[2]);
    } else {
      return false;
    }
    return true;
  }

  void vlan(int32_t node, std::string_view ids) {
    // "vlan 10", "vlan 10,20", "vlan 30-32": ranges stay small in real configs; cap them.
    std::size_t pos = 0;
    int32_t first_vlan = -1;
    while (pos <= ids.size()) {
      std::size_t comma = ids.find(',', pos);
      std::string_view item =
          ids.substr(pos, comma == std::string_view::npos ? comma : comma - pos);
      std::size_t dash = item.find('-');
      auto low = to_number(item.substr(0, dash));
      auto high = dash == std::string_view::npos ? low : to_number(item.substr(dash + 1));
      if (low && high && *high >= *low && *high - *low < 4096)
        for (uint32_t id = *low; id <= *high; ++id) {
          VlanModel& vlan = m_.vlan(id, line(node));  // an index lookup: no quadratic cost
          if (first_vlan < 0) first_vlan = static_cast<int32_t>(&vlan - m_.vlans.data());
        }
      if (comma == std::string_view::npos) break;
      pos = comma + 1;
    }
    if (first_vlan < 0) return;
    for (int32_t child : tree_.children(node)) {
      Words w(text(child));
      if (w[0] == "name") {
        m_.vlans[static_cast<std::size_t>(first_vlan)].name = std::string(w.rest(1));
        use(child);
      }
    }
  }

  void vrf(int32_t node, std::string_view name) {
    VrfModel vrf{std::string(name), {}, line(node)};
    for (int32_t child : tree_.children(node)) {
      Words w(text(child));
      if (w[0] == "rd") {
        vrf.rd = std::string(unquote(w[1]));  // EOS and IOS-XR accept rd "2:3"
        use(child);
      } else if (w[0] == "ip" && w[1] == "name-server") {  // NX-OS: inside "vrf context"
        services_.dns(w, 2, line(child));
        for (std::size_t k = m_.dns_servers.size();
             k-- > 0 && m_.dns_servers[k].line == line(child);)
          if (m_.dns_servers[k].vrf.empty()) m_.dns_servers[k].vrf = std::string(name);
        use(child);
      } else if ((w[0] == "ip" || w[0] == "ipv6") && w[1] == "route") {
        static_route(w, 2, name, line(child));
        use(child);
      }
    }
    m_.vrfs.push_back(std::move(vrf));
  }

  // "[vrf V] PREFIX MASK NEXTHOP" or "[vrf V] PREFIX/LEN NEXTHOP" from word `at`.
  void static_route(const Words& w, std::size_t at, std::string_view vrf, uint32_t line) {
    if (w[at] == "vrf") {
      vrf = w[at + 1];
      at += 2;
    }
    if (w[at].find('/') != std::string_view::npos)
      return add_route(w[at], "", w[at + 1], vrf, line);
    add_route(w[at], w[at + 1], w[at + 2], vrf, line);
  }

  void add_route(std::string_view network, std::string_view mask, std::string_view next_hop,
                 std::string_view vrf, uint32_t line) {
    auto prefix = ipv4_with_prefix(network, mask);
    if (!prefix) return;
    m_.static_routes.push_back({std::move(*prefix), std::string(next_hop), std::string(vrf), line});
  }

  void router_static(int32_t node) {  // IOS-XR: address-family blocks of "PREFIX NEXTHOP"
    std::vector<int32_t> stack{node};
    while (!stack.empty()) {
      int32_t at = stack.back();
      stack.pop_back();
      for (int32_t child : tree_.children(at)) {
        Words w(text(child));
        if (w[0].find('/') != std::string_view::npos) {
          add_route(w[0], "", w[1], "", line(child));
          use(child);
        } else {
          stack.push_back(child);
        }
      }
    }
  }

  void bgp_block(int32_t node, std::string_view vrf) {
    BgpModel& bgp = *m_.bgp;
    for (int32_t child : tree_.children(node)) {
      Words w(text(child));
      bool used = true;
      if ((w[0] == "bgp" && w[1] == "router-id") || w[0] == "router-id") {
        if (vrf.empty()) bgp.router_id = std::string(w[w.size() - 1]);
      } else if (w[0] == "neighbor" && w.size() >= 2) {
        used = neighbor(child, w);
      } else if (w[0] == "neighbor-group" || (w[0] == "template" && w[1] == "peer")) {
        bgp.peer_groups.emplace_back(w[w.size() - 1]);
      } else if (w[0] == "address-family" || w[0] == "vrf") {
        bgp_block(child, w[0] == "vrf" ? w[1] : vrf);
      } else {
        used = false;
      }
      if (used) use(child);
    }
  }

  bool neighbor(int32_t node, const Words& w) {
    std::string_view address = w[1];
    std::string_view verb = w[2];
    BgpModel& bgp = *m_.bgp;
    if (verb == "peer-group" && w.size() == 3 && !looks_like_address(address)) {
      bgp.peer_groups.emplace_back(address);  // "neighbor NAME peer-group" defines a group
      return true;
    }
    if ((verb == "peer" && w[3] == "group") && !looks_like_address(address) && w.size() == 4) {
      bgp.peer_groups.emplace_back(address);
      return true;
    }
    if (!looks_like_address(address)) return verb == "remote-as" || verb == "description";
    BgpNeighborModel& n = m_.bgp_neighbor(address, line(node));
    if (verb == "remote-as") n.remote_as = std::string(w[3]);
    if (verb == "description") n.description = std::string(w.rest(3));
    if (verb == "peer-group") n.peer_group = std::string(w[3]);
    if (verb == "peer" && w[3] == "group") n.peer_group = std::string(w[4]);
    for (int32_t child : tree_.children(node)) {  // NX-OS / IOS-XR neighbor blocks
      Words c(text(child));
      bool used = true;
      if (c[0] == "remote-as") {
        n.remote_as = std::string(c[1]);
      } else if (c[0] == "description") {
        n.description = std::string(c.rest(1));
      } else if ((c[0] == "inherit" && c[1] == "peer") ||
                 (c[0] == "use" && c[1] == "neighbor-group")) {
        n.peer_group = std::string(c[2]);
      } else {
        used = false;
      }
      if (used) use(child);
    }
    return true;
  }

  void ospf(int32_t node, const Words& w) {
    OspfModel& o = m_.ospf_process(w[2], line(node));
    for (int32_t child : tree_.children(node)) {
      Words c(text(child));
      bool used = true;
      if (c[0] == "router-id" || (c[0] == "ospf" && c[1] == "router-id")) {
        o.router_id = std::string(c[c.size() - 1]);
      } else if (c[0] == "network" && c[3] == "area") {
        auto length = wildcard_prefix_length(c[2]);
        std::string network = length ? fmt::format("{}/{}", c[1], *length) : std::string(c[1]);
        m_.ospf_area(&o, c[4]).networks.push_back(std::move(network));
      } else if (c[0] == "network" && c[2] == "area") {  // "network 10.0.0.0/8 area 0"
        m_.ospf_area(&o, c[3]).networks.emplace_back(c[1]);
      } else if (c[0] == "area" && tree_.node(child).first_child == ConfigTree::kNone &&
                 c.size() >= 3) {
        m_.ospf_area(&o, c[1]);  // "area 5 authentication": the area exists
      } else if (c[0] == "area" && tree_.node(child).first_child != ConfigTree::kNone) {
        OspfAreaModel& area = m_.ospf_area(&o, c[1]);  // IOS-XR: interfaces under the area
        for (int32_t grandchild : tree_.children(child)) {
          Words g(text(grandchild));
          if (g[0] == "interface") {
            area.networks.emplace_back(g[1]);
            use(grandchild);
          }
        }
      } else {
        used = false;
      }
      if (used) use(child);
    }
  }

  void named_acl(int32_t node, const Words& w) {
    // "ip access-list extended NAME", "ip access-list NAME", "ipv4 access-list NAME"
    std::string_view name = w[2] == "standard" || w[2] == "extended" ? w[3] : w[2];
    if (w[2] == "standard" || w[2] == "extended") {
      if (name.empty()) return;
    }
    AclModel& acl = m_.acl(name, line(node));
    for (int32_t child : tree_.children(node)) {
      acl.entries.push_back({std::string(text(child)), line(child)});
      use(child);
    }
    last_acl_ = &acl;
  }

  // Interfaces that join OSPF on their own line ("ip ospf 1 area 0") are networks of the
  // process's area, as IOS-XR's "area 0 / interface X" are.
  void ospf_interfaces() {
    for (const OspfInterface& oi : ospf_interfaces_) {
      OspfModel* process = nullptr;
      if (oi.process.empty() && !m_.ospf.empty()) process = &m_.ospf.front();
      if (!process) process = &m_.ospf_process(oi.process, 0);
      m_.ospf_area(process, oi.area).networks.push_back(oi.interface);
    }
  }

  const ConfigTree& tree_;
  const ModelOptions& options_;
  DeviceModel& m_;
  ModelCoverage& coverage_;
  IosServices services_;
  InterfaceModel* last_interface_ = nullptr;  // the section a flush-left line may belong to
  AclModel* last_acl_ = nullptr;
  struct OspfInterface {
    std::string interface, process, area;
  };
  std::vector<OspfInterface> ospf_interfaces_;
};

}  // namespace

void extract_ios_family(const ConfigTree& tree, Vendor vendor, const ModelOptions& options,
                        DeviceModel* model, ModelCoverage* coverage) {
  IosExtractor(tree, vendor == Vendor::kCiscoAsa, options, model, coverage).run();
}

std::string hash_type(std::string_view type_word, std::string_view hash) {
  if (hash.starts_with("$1$")) return "md5-crypt";
  if (hash.starts_with("$5$")) return "sha256-crypt";
  if (hash.starts_with("$6$")) return "sha512-crypt";
  if (hash.starts_with("$8$")) return "pbkdf2-sha256";
  if (hash.starts_with("$9$")) return "scrypt";
  if (hash.starts_with("$14$")) return "sha256";
  if (type_word == "0") return "plaintext";
  if (type_word == "5") return "md5-crypt";
  if (type_word == "7") return "type7";
  if (type_word == "8") return "pbkdf2-sha256";
  if (type_word == "9") return "scrypt";
  if (type_word == "sha512") return "sha512-crypt";
  if (type_word.empty() && !hash.empty()) return "plaintext";
  return type_word.empty() ? "" : fmt::format("type{}", type_word);
}

}  // namespace cfgsweep
