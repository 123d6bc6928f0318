// The VyOS extractor: config.boot (brace) and `show configuration commands` (set).
#include <string>

#include <fmt/format.h>

#include "model/model_extractor.h"
#include "model/path_extractor.h"
#include "parse/words.h"

namespace cfgsweep {

namespace {

class VyosExtractor : PathExtractor {
 public:
  VyosExtractor(const ConfigTree& tree, const ModelOptions& options, DeviceModel* model,
                ModelCoverage* coverage)
      : PathExtractor(tree, model, coverage), options_(options) {}

  void run() {
    constexpr int32_t root = ConfigTree::kRoot;
    int32_t s = look_.child(root, "system");
    use(s);
    system_basics(s);
    users(look_.child(s, "login"));
    syslog(look_.child(s, "syslog"));
    int32_t service = look_.child(root, "service");
    use(service);
    servers(look_.child(service, "ntp"), "server", &m_.ntp_servers);  // VyOS 1.4
    snmp(look_.child(service, "snmp"));
    interfaces(look_.child(root, "interfaces"));
    int32_t protocols = look_.child(root, "protocols");
    use(protocols);
    routing(protocols, "");
    int32_t vrfs = look_.child(root, "vrf");
    use(vrfs);
    for (int32_t v : children(vrfs)) {
      if (node(v).text != "name") continue;
      use(v);
      m_.vrfs.push_back({std::string(node(v).value), "", line(v)});
      take(v, "table");
      int32_t p = look_.child(v, "protocols");
      use(p);
      routing(p, node(v).value);
    }
  }

 private:
  void users(int32_t login) {
    use(login);
    for (int32_t u : children(login))
      if (node(u).text == "user") {
        coverage_.use_subtree(u);
        int32_t auth = look_.child(u, "authentication");
        std::string_view hash = look_.argument(auth, "encrypted-password");
        std::string type = hash_type("", hash);
        m_.user(node(u).value, line(u)).hash_type = type == "plaintext" ? "encrypted" : type;
      }
  }

  // "syslog host A" (1.3) and "syslog remote A" (1.4).
  void syslog(int32_t n) {
    use(n);
    for (int32_t c : children(n)) {
      if (node(c).text != "host" && node(c).text != "remote") continue;
      coverage_.use_subtree(c);
      m_.syslog_servers.push_back({std::string(look_.argument(c)), "", "", line(c)});
    }
  }

  void servers(int32_t n, std::string_view key, std::vector<ServerModel>* out) {
    use(n);
    each_item(n, key, [&](std::string_view a, int32_t at) {
      out->push_back({std::string(a), "", "", line(at)});
    });
  }

  void snmp(int32_t n) {
    if (n == ConfigTree::kNone) return;
    use(n);
    for (int32_t c : children(n)) {
      std::string_view key = node(c).text;
      if (key == "community") {
        coverage_.use_subtree(c);
        std::string_view access = look_.argument(c, "authorization");
        m_.snmp.communities.push_back(
            {options_.reveal_secrets ? std::string(node(c).value) : std::string(kRedacted),
             std::string(access.empty() ? "ro" : access), line(c)});  // VyOS's default: ro
        if (m_.snmp.versions.empty()) m_.snmp.versions = {"v1", "v2c"};
      } else if (key == "trap-target") {
        each_item(n, "trap-target", [&](std::string_view a, int32_t at) {
          m_.snmp.hosts.push_back({std::string(a), "", "", line(at)});
        });
      } else if (key == "v3") {
        coverage_.use_subtree(c);
        m_.snmp.versions.emplace_back("v3");
      }
    }
  }

  // Kinds with the name as the node's value ("ethernet eth0") or one level below
  // ("loopback" / "lo", "dummy" / "dum0", "wireguard" / "wg0").
  void interfaces(int32_t list) {
    use(list);
    for (int32_t kind : children(list)) {
      use(kind);
      if (!node(kind).value.empty()) {
        interface(kind, node(kind).value);
        continue;
      }
      for (int32_t named : children(kind)) interface(named, node(named).text);
    }
  }

  void interface(int32_t n, std::string_view name) {
    use(n);
    InterfaceModel& i = m_.interface(name, line(n));
    settings(n, &i);
    for (int32_t vif : children(n))
      if (node(vif).text == "vif") {
        use(vif);
        std::string_view id = look_.argument(vif);
        InterfaceModel& sub = m_.interface(fmt::format("{}.{}", name, id), line(vif));
        sub.access_vlan = to_number(id);
        settings(vif, &sub);
      }
  }

  void settings(int32_t n, InterfaceModel* i) {
    each_item(n, "address", [&](std::string_view a, int32_t) {
      if (a == "dhcp" || a == "dhcpv6") return;  // an address learnt, not configured
      (a.find(':') != std::string_view::npos ? i->ipv6 : i->ipv4).emplace_back(a);
    });
    if (int32_t d = look_.child(n, "description"); d != ConfigTree::kNone) {
      i->description = std::string(look_.argument(d));
      use(d);
    }
    if (take_flag(n, "disable")) i->enabled = false;
    if (std::string_view mtu = take(n, "mtu"); !mtu.empty()) i->mtu = to_number(mtu);
    if (std::string_view vrf = take(n, "vrf"); !vrf.empty()) i->vrf = std::string(vrf);
  }

  // "protocols" of the default VRF or of "vrf name X": static routes, BGP, OSPF.
  void routing(int32_t protocols, std::string_view vrf) {
    if (protocols == ConfigTree::kNone) return;
    int32_t statics = look_.child(protocols, "static");
    use(statics);
    for (int32_t r : children(statics))
      if (node(r).text == "route") {
        coverage_.use_subtree(r);
        int32_t hop = look_.child(r, "next-hop");
        m_.static_routes.push_back({std::string(look_.argument(r)),
                                    std::string(look_.argument(hop)), std::string(vrf), line(r)});
      }
    if (vrf.empty()) bgp(look_.child(protocols, "bgp"));
    if (vrf.empty()) ospf(look_.child(protocols, "ospf"));
  }

  // VyOS 1.2/1.3: "bgp 65000 { neighbor ... }"; 1.4: "bgp { system-as 65000; neighbor ... }".
  void bgp(int32_t b) {
    if (b == ConfigTree::kNone) return;
    use(b);
    int32_t scope = b;
    std::string local_as(take(b, "system-as"));
    if (!node(b).value.empty()) local_as = std::string(node(b).value);
    for (int32_t c : children(b))
      if (local_as.empty() && to_number(node(c).text)) {
        local_as = std::string(node(c).text);
        scope = c;
        use(c);
      }
    BgpModel& bgp = m_.bgp_process(line(b));
    bgp.local_as = local_as;
    int32_t parameters = look_.child(scope, "parameters");
    use(parameters);
    bgp.router_id = std::string(take(parameters, "router-id"));
    for (int32_t c : children(scope)) {
      std::string_view key = node(c).text;
      if (key == "peer-group") {
        use(c);
        if (!node(c).value.empty()) bgp.peer_groups.emplace_back(node(c).value);
        for (int32_t g : children(c))
          if (node(c).value.empty()) {
            coverage_.use_subtree(g);
            bgp.peer_groups.emplace_back(node(g).text);
          }
      } else if (key == "neighbor") {
        use(c);
        BgpNeighborModel& n = m_.bgp_neighbor(look_.argument(c), line(c));
        int32_t at = node(c).value.empty() ? node(c).first_child : c;
        n.remote_as = std::string(take(at, "remote-as"));
        n.peer_group = std::string(take(at, "peer-group"));
        if (int32_t d = look_.child(at, "description"); d != ConfigTree::kNone) {
          n.description = std::string(look_.argument(d));
          use(d);
        }
        use(at);
      }
    }
  }

  // "ospf { area 0 { network 10.0.0.0/24 } parameters { router-id R } interface eth1 {
  // area 0 } }"
  void ospf(int32_t o) {
    if (o == ConfigTree::kNone) return;
    use(o);
    OspfModel& process = m_.ospf_process("default", line(o));
    int32_t parameters = look_.child(o, "parameters");
    use(parameters);
    process.router_id = std::string(take(parameters, "router-id"));
    for (int32_t c : children(o)) {
      if (node(c).text == "area") {
        use(c);
        OspfAreaModel& area = m_.ospf_area(&process, look_.argument(c));
        int32_t at = node(c).value.empty() ? node(c).first_child : c;
        each_item(at, "network",
                  [&](std::string_view net, int32_t) { area.networks.emplace_back(net); });
      } else if (node(c).text == "interface") {
        use(c);
        auto add = [&](int32_t i, std::string_view name) {
          coverage_.use_subtree(i);
          if (std::string_view a = take(i, "area"); !a.empty())
            m_.ospf_area(&process, a).networks.emplace_back(name);
        };
        if (!node(c).value.empty()) add(c, node(c).value);
        for (int32_t i : children(c))
          if (node(c).value.empty()) add(i, node(i).text);
      }
    }
  }

  const ModelOptions& options_;
};

}  // namespace

void extract_vyos(const ConfigTree& tree, const ModelOptions& options, DeviceModel* model,
                  ModelCoverage* coverage) {
  VyosExtractor(tree, options, model, coverage).run();
}

}  // namespace cfgsweep
