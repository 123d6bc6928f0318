// Extractors for the path trees of Junos (brace, set and XML alike), VyOS and PAN-OS.
#include <charconv>
#include <string>

#include <fmt/format.h>

#include "model/junos_groups.h"
#include "model/model_extractor.h"
#include "parse/tree_lookup.h"
#include "parse/words.h"

namespace cfgsweep {

namespace {

// Shared by the three extractors: reads keys, records what it used.
class PathExtractor {
 public:
  PathExtractor(const ConfigTree& tree, DeviceModel* model, ModelCoverage* coverage)
      : tree_(tree), look_(tree), m_(*model), coverage_(*coverage) {}

  const ConfigNode& node(int32_t n) const { return tree_.node(n); }
  uint32_t line(int32_t n) const { return n == ConfigTree::kNone ? 0 : node(n).line; }
  auto children(int32_t n) const { return tree_.children(n); }
  // The argument of `key` under `n`, marking it used; "" when absent.
  std::string_view take(int32_t n, std::string_view key) {
    int32_t c = look_.child(n, key);
    if (c == ConfigTree::kNone) return {};
    coverage_.use_subtree(c);
    return look_.argument(c);
  }
  bool take_flag(int32_t n, std::string_view key) {
    int32_t c = look_.child(n, key);
    if (c != ConfigTree::kNone) coverage_.use_subtree(c);
    return c != ConfigTree::kNone;
  }
  // Every child's text (or value) under `key`: "name-server { a; b; }" -> a, b.
  template <typename Add>
  void each_item(int32_t n, std::string_view key, Add add) {
    for (int32_t c : children(n)) {
      if (node(c).text != key) continue;
      coverage_.use(c);
      if (!node(c).value.empty()) add(node(c).value, c);
      for (int32_t item : children(c)) {
        if (!node(c).value.empty()) break;
        coverage_.use_subtree(item);
        add(node(item).text, item);
      }
    }
  }
  void use(int32_t n) {
    if (n != ConfigTree::kNone) coverage_.use(n);
  }
  // Junos and VyOS spell these the same under "system": host-name, domain-name,
  // name-server, ntp server.
  void system_basics(int32_t s) {
    if (std::string_view h = take(s, "host-name"); !h.empty()) {
      m_.hostname = std::string(h);
      m_.hostname_line = line(look_.child(s, "host-name"));
    }
    m_.domain = std::string(take(s, "domain-name"));
    each_item(s, "name-server", [&](std::string_view a, int32_t at) {
      m_.dns_servers.push_back({std::string(a), "", "", line(at)});
    });
    int32_t ntp = look_.child(s, "ntp");
    use(ntp);
    for (int32_t c : children(ntp))
      if (node(c).text == "server") {
        coverage_.use_subtree(c);
        m_.ntp_servers.push_back({std::string(node(c).value),
                                  std::string(look_.argument(c, "routing-instance")), "", line(c)});
      }
  }

 protected:
  const ConfigTree& tree_;
  TreeLookup look_;
  DeviceModel& m_;
  ModelCoverage& coverage_;
};

class JunosExtractor : PathExtractor {
 public:
  JunosExtractor(const ConfigTree& tree, const ModelOptions& options, DeviceModel* model,
                 ModelCoverage* coverage)
      : PathExtractor(tree, model, coverage), options_(options) {}

  void run() {
    constexpr int32_t root = ConfigTree::kRoot;
    if (std::string_view v = take(root, "version"); !v.empty()) m_.os_version = std::string(v);
    groups_understood();
    system(look_.child(root, "system"));
    interfaces(look_.child(root, "interfaces"));
    vlans(look_.child(root, "vlans"));
    resolve_vlan_names();
    routing_options(look_.child(root, "routing-options"), "");
    protocols(look_.child(root, "protocols"));
    routing_instances(look_.child(root, "routing-instances"));
    firewall(look_.child(root, "firewall"));
    snmp(look_.child(root, "snmp"));
    // routing-options router-id is the default for every protocol that sets none.
    if (!router_id_.empty() && m_.bgp && m_.bgp->router_id.empty()) m_.bgp->router_id = router_id_;
    for (OspfModel& o : m_.ospf)
      if (o.router_id.empty()) o.router_id = router_id_;
  }

 private:
  void system(int32_t s) {
    if (s == ConfigTree::kNone) return;
    use(s);
    system_basics(s);
    int32_t syslog = look_.child(s, "syslog");
    use(syslog);
    for (int32_t c : children(syslog))
      if (node(c).text == "host") {
        coverage_.use_subtree(c);
        // "host A { routing-instance RI; }": reached through that instance.
        m_.syslog_servers.push_back({std::string(node(c).value),
                                     std::string(look_.argument(c, "routing-instance")), "",
                                     line(c)});
      }
    for (std::string_view kind : {"tacplus-server", "radius-server"})
      each_item(s, kind, [&](std::string_view a, int32_t at) {
        m_.aaa_servers.push_back(
            {std::string(a), "", kind == "tacplus-server" ? "tacacs" : "radius", line(at)});
      });
    int32_t login = look_.child(s, "login");
    use(login);
    for (int32_t c : children(login)) {
      if (node(c).text == "user") {
        use(c);
        UserModel& u = m_.user(node(c).value, line(c));
        u.role = std::string(take(c, "class"));
        take(c, "uid");
        int32_t auth = look_.child(c, "authentication");
        use(auth);
        if (std::string_view hash = take(auth, "encrypted-password"); !hash.empty())
          u.hash_type = hash_type("", hash) == "plaintext" ? "encrypted" : hash_type("", hash);
        if (take_flag(auth, "ssh-rsa") || take_flag(auth, "ssh-ed25519"))
          if (u.hash_type.empty()) u.hash_type = "ssh-key";
      } else if (node(c).text == "message") {
        coverage_.use_subtree(c);
        m_.banners.push_back({"login", std::string(look_.argument(c)), line(c)});
      }
    }
  }

  void interfaces(int32_t list) {
    use(list);
    for (int32_t ifd : children(list)) {
      std::string_view name = node(ifd).text;
      if (name == "interface-range" || is_group_directive(node(ifd))) continue;
      use(ifd);
      InterfaceModel& physical = m_.interface(name, line(ifd));
      interface_settings(ifd, &physical);
      for (std::string_view options :
           {"gigether-options", "ether-options", "aggregated-ether-options"}) {
        int32_t o = look_.child(ifd, options);
        if (std::string_view lag = take(o, "802.3ad"); !lag.empty())
          physical.lag = std::string(lag);
        use(o);
      }
      for (int32_t unit : children(ifd)) {
        if (node(unit).text != "unit") continue;
        use(unit);
        InterfaceModel& logical =
            m_.interface(fmt::format("{}.{}", name, node(unit).value), line(unit));
        interface_settings(unit, &logical);
        if (std::string_view vlan = take(unit, "vlan-id"); !vlan.empty())
          logical.access_vlan = to_number(vlan);
        families(unit, &logical);
      }
    }
  }

  void interface_settings(int32_t n, InterfaceModel* i) {
    if (int32_t d = look_.child(n, "description"); d != ConfigTree::kNone) {
      i->description = std::string(look_.argument(d));
      use(d);
    }
    if (take_flag(n, "disable")) i->enabled = false;
    if (std::string_view mtu = take(n, "mtu"); !mtu.empty()) i->mtu = to_number(mtu);
  }

  void families(int32_t unit, InterfaceModel* i) {
    for (int32_t f : children(unit)) {
      if (node(f).text != "family") continue;
      use(f);
      std::string_view family = node(f).value;
      for (int32_t a : children(f)) {
        if (node(a).text != "address") continue;
        coverage_.use_subtree(a);
        (family == "inet6" ? i->ipv6 : i->ipv4).emplace_back(node(a).value);
      }
      if (family == "ethernet-switching") {
        std::string_view mode = take(f, "interface-mode");
        if (mode.empty()) mode = take(f, "port-mode");
        i->mode = std::string(mode);
        int32_t vlan = look_.child(f, "vlan");
        use(vlan);
        std::string members;
        each_item(vlan, "members", [&](std::string_view v, int32_t) {
          members += members.empty() ? "" : ",";
          members += v;
        });
        if (mode == "trunk")
          i->allowed_vlans = members;
        else if (!members.empty())
          i->access_vlan = to_number(members);
        if (mode != "trunk" && !members.empty() && !i->access_vlan)
          vlans_by_name_.emplace_back(i, members);  // resolved once "vlans" is read
        if (i->mode.empty() && !members.empty()) i->mode = "access";
      }
    }
  }

  void vlans(int32_t list) {
    use(list);
    for (int32_t v : children(list)) {
      std::string_view id = take(v, "vlan-id");
      auto number = to_number(id);
      if (!number) continue;
      use(v);
      m_.vlan(*number, line(v)).name = std::string(node(v).text);
    }
  }

  // "members users": an access VLAN named, not numbered; its id is the VLAN's vlan-id.
  void resolve_vlan_names() {
    for (auto& [i, name] : vlans_by_name_)
      for (const VlanModel& v : m_.vlans)
        if (v.name == name) i->access_vlan = v.id;
  }

  void routing_options(int32_t options, std::string_view vrf) {
    if (options == ConfigTree::kNone) return;
    use(options);
    if (std::string_view as = take(options, "autonomous-system"); !as.empty() && vrf.empty())
      m_.bgp_process(line(options)).local_as = std::string(as);
    if (std::string_view id = take(options, "router-id"); !id.empty() && vrf.empty())
      router_id_ = std::string(id);
    int32_t statics = look_.child(options, "static");
    use(statics);
    for (int32_t r : children(statics)) {
      if (node(r).text != "route") continue;
      coverage_.use_subtree(r);
      m_.static_routes.push_back({std::string(node(r).value),
                                  std::string(look_.argument(r, "next-hop")), std::string(vrf),
                                  line(r)});
    }
  }

  void protocols(int32_t p) {
    if (p == ConfigTree::kNone) return;
    use(p);
    if (int32_t bgp = look_.child(p, "bgp"); bgp != ConfigTree::kNone) {
      use(bgp);
      BgpModel& b = m_.bgp_process(line(bgp));
      if (std::string_view as = take(bgp, "local-as"); !as.empty()) b.local_as = std::string(as);
      for (int32_t g : children(bgp)) {
        if (node(g).text != "group") continue;
        use(g);
        b.peer_groups.emplace_back(node(g).value);
        std::string_view group_as = take(g, "peer-as");
        // An internal group's neighbors are in the local AS (routing-options or local-as).
        if (take(g, "type") == "internal" && group_as.empty()) group_as = b.local_as;
        for (int32_t n : children(g)) {
          if (node(n).text != "neighbor") continue;
          use(n);
          BgpNeighborModel& neighbor = m_.bgp_neighbor(node(n).value, line(n));
          neighbor.peer_group = std::string(node(g).value);
          std::string_view as = take(n, "peer-as");
          neighbor.remote_as = std::string(as.empty() ? group_as : as);
          if (int32_t d = look_.child(n, "description"); d != ConfigTree::kNone) {
            neighbor.description = std::string(look_.argument(d));
            use(d);
          }
        }
      }
    }
    ospf(look_.child(p, "ospf"), "default");
  }

  // A process per routing instance: "default" for the master instance, else its name.
  void ospf(int32_t ospf, std::string_view process) {
    if (ospf != ConfigTree::kNone) {
      use(ospf);
      OspfModel& o = m_.ospf_process(process, line(ospf));
      for (int32_t a : children(ospf)) {
        if (node(a).text != "area") continue;
        use(a);
        OspfAreaModel& area = m_.ospf_area(&o, node(a).value);
        for (int32_t i : children(a)) {
          if (node(i).text != "interface") continue;
          for (int32_t name : children(i)) {
            coverage_.use_subtree(name);
            area.networks.emplace_back(node(name).text);
          }
          use(i);
        }
      }
    }
  }

  // The groups were applied before extraction (junos_groups.h): what they hold is judged
  // where it was inherited, so the definitions and the directives are understood lines.
  void groups_understood() {
    take_flag(ConfigTree::kRoot, "groups");
    for (int32_t n = 1; n < static_cast<int32_t>(tree_.size()); ++n)
      if (is_group_directive(node(n))) coverage_.use_subtree(n);
  }

  void routing_instances(int32_t list) {
    use(list);
    for (int32_t ri : children(list)) {
      if (is_group_directive(node(ri))) continue;
      use(ri);
      VrfModel vrf{std::string(node(ri).text), std::string(take(ri, "route-distinguisher")),
                   line(ri)};
      // NETCONF XML nests the value: <route-distinguisher><rd-type>A:B</rd-type>.
      if (int32_t rd = look_.child(ri, "route-distinguisher"); rd != ConfigTree::kNone)
        if (std::string_view typed = look_.argument(rd, "rd-type"); !typed.empty())
          vrf.rd = std::string(typed);
      if (int32_t p = look_.child(ri, "protocols"); p != ConfigTree::kNone) {
        use(p);
        ospf(look_.child(p, "ospf"), vrf.name);
      }
      take(ri, "instance-type");
      each_item(ri, "interface", [&](std::string_view name, int32_t) {
        m_.interface(name, line(ri)).vrf = vrf.name;
      });
      routing_options(look_.child(ri, "routing-options"), vrf.name);
      m_.vrfs.push_back(std::move(vrf));
    }
  }

  void firewall(int32_t fw) {
    if (fw == ConfigTree::kNone) return;
    use(fw);
    std::vector<int32_t> scopes{fw};
    for (int32_t f : children(fw))
      if (node(f).text == "family") {
        use(f);
        scopes.push_back(f);
      }
    // "filter" can open a block of its own ("filter { input F; }"), so it is not grouped
    // with its name: the tree is filter -> NAME -> term T.
    for (int32_t scope : scopes)
      for (int32_t filter : children(scope)) {
        if (node(filter).text != "filter") continue;
        use(filter);
        for (int32_t named : children(filter)) {
          use(named);
          AclModel& acl = m_.acl(node(named).text, line(named));
          for (int32_t term : children(named))
            if (node(term).text == "term") {
              coverage_.use_subtree(term);
              acl.entries.push_back({tree_.display(term), line(term)});
            }
        }
      }
  }

  void snmp(int32_t s) {
    if (s == ConfigTree::kNone) return;
    use(s);
    for (int32_t c : children(s)) {
      if (node(c).text == "community") {
        coverage_.use_subtree(c);
        std::string_view auth = look_.argument(c, "authorization");
        m_.snmp.communities.push_back(
            {options_.reveal_secrets ? std::string(node(c).value) : std::string(kRedacted),
             auth == "read-write"  ? "rw"
             : auth == "read-only" ? "ro"
                                   : "",
             line(c)});
        if (m_.snmp.versions.empty()) m_.snmp.versions = {"v1", "v2c"};
      } else if (node(c).text == "v3") {
        coverage_.use_subtree(c);
        m_.snmp.versions.emplace_back("v3");
      } else if (node(c).text == "trap-group") {
        use(c);
        // "trap-group NAME { targets { A; } }": the group's name is a level of its own.
        auto targets = [&](int32_t group) {
          each_item(group, "targets", [&](std::string_view a, int32_t at) {
            m_.snmp.hosts.push_back({std::string(a), "", "", line(at)});
          });
        };
        if (!node(c).value.empty()) targets(c);
        for (int32_t group : children(c)) {
          use(group);
          targets(group);
        }
      }
    }
  }

 private:
  const ModelOptions& options_;
  std::string router_id_;
  std::vector<std::pair<InterfaceModel*, std::string>> vlans_by_name_;
};

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

class PanosExtractor : PathExtractor {
 public:
  PanosExtractor(const ConfigTree& tree, const ModelOptions& options, DeviceModel* model,
                 ModelCoverage* coverage)
      : PathExtractor(tree, model, coverage), options_(options) {}

  // The same blocks stand at the top of a `set` file and of flattened XML, and under
  // "config / devices / localhost.localdomain" (and "vsys / vsys1") in the brace form.
  void run() {
    std::vector<int32_t> scopes{ConfigTree::kRoot};
    int32_t config = look_.child(ConfigTree::kRoot, "config");
    if (config != ConfigTree::kNone) {
      use(config);
      scopes.push_back(config);
    }
    for (std::size_t i = 0; i < scopes.size(); ++i)
      for (std::string_view level : {"devices", "vsys"}) {
        int32_t list = look_.child(scopes[i], level);
        use(list);
        for (int32_t entry : children(list)) {
          use(entry);
          scopes.push_back(entry);
        }
      }
    for (int32_t scope : scopes) {
      deviceconfig(look_.child(scope, "deviceconfig"));
      network(look_.child(scope, "network"));
      rulebase(look_.child(scope, "rulebase"));
      users(look_.path(scope, {"mgt-config", "users"}));
      int32_t shared = look_.child(scope, "shared");
      syslog_profiles(look_.path(shared, {"log-settings", "syslog"}));
      syslog_profiles(look_.path(scope, {"log-settings", "syslog"}));
    }
  }

 private:
  void deviceconfig(int32_t devconf) {
    if (devconf == ConfigTree::kNone) return;
    int32_t system = look_.child(devconf, "system");
    use(devconf);
    use(system);
    if (std::string_view h = take(system, "hostname"); !h.empty()) {
      m_.hostname = std::string(h);
      m_.hostname_line = line(look_.child(system, "hostname"));
    }
    if (std::string_view d = take(system, "domain"); !d.empty()) m_.domain = std::string(d);
    int32_t dns = look_.path(system, {"dns-setting", "servers"});
    for (int32_t c : children(dns)) {
      coverage_.use_subtree(c);
      m_.dns_servers.push_back({std::string(look_.argument(c)), "", "", line(c)});
    }
    int32_t ntp = look_.child(system, "ntp-servers");
    for (int32_t c : children(ntp)) {
      coverage_.use_subtree(c);
      m_.ntp_servers.push_back(
          {std::string(look_.argument(c, "ntp-server-address")), "", "", line(c)});
    }
    if (int32_t b = look_.child(system, "login-banner"); b != ConfigTree::kNone) {
      coverage_.use_subtree(b);
      m_.banners.push_back({"login", std::string(look_.argument(b)), line(b)});
    }
    // The management port: deviceconfig system ip-address / netmask.
    if (std::string_view ip = take(system, "ip-address"); !ip.empty()) {
      InterfaceModel& mgmt = m_.interface("management", line(look_.child(system, "ip-address")));
      if (auto a = ipv4_with_prefix(ip, take(system, "netmask"))) mgmt.ipv4.push_back(*a);
    }
    int32_t snmp = look_.path(system, {"snmp-setting", "access-setting", "version"});
    for (int32_t version : children(snmp)) {
      use(look_.child(system, "snmp-setting"));
      coverage_.use_subtree(version);
      std::string_view name = node(version).text;
      m_.snmp.versions.emplace_back(name);
      if (std::string_view community = look_.argument(version, "snmp-community-string");
          !community.empty())
        m_.snmp.communities.push_back(
            {options_.reveal_secrets ? std::string(community) : std::string(kRedacted), "ro",
             line(version)});
    }
  }

  // "virtual-router VR { routing-table { ip { static-route NAME { destination P; nexthop {
  // ip-address A; } } } } }": the virtual router is the VRF ("default" the main one).
  void virtual_routers(int32_t list) {
    use(list);
    for (int32_t vr : children(list)) {
      use(vr);
      std::string_view vr_name = node(vr).value.empty() ? node(vr).text : node(vr).value;
      int32_t statics = look_.path(vr, {"routing-table", "ip", "static-route"});
      use(look_.child(vr, "routing-table"));
      use(look_.path(vr, {"routing-table", "ip"}));
      use(statics);
      for (int32_t route : children(statics)) {
        coverage_.use_subtree(route);
        int32_t hop = look_.child(route, "nexthop");
        std::string_view next_hop = look_.argument(hop, "ip-address");
        if (next_hop.empty()) next_hop = look_.argument(hop);
        m_.static_routes.push_back({std::string(take(route, "destination")), std::string(next_hop),
                                    vr_name == "default" ? "" : std::string(vr_name), line(route)});
      }
    }
  }

  // "shared log-settings syslog PROFILE server NAME server A": the syslog servers.
  void syslog_profiles(int32_t list) {
    for (int32_t profile : children(list)) {
      for (int32_t server : children(profile)) {
        if (node(server).text != "server") continue;
        coverage_.use_subtree(server);
        m_.syslog_servers.push_back({std::string(take(server, "server")), "", "", line(server)});
      }
      use(profile);
    }
  }

  void network(int32_t network) {
    if (network == ConfigTree::kNone) return;
    int32_t interface = look_.child(network, "interface");
    use(network);
    use(interface);
    for (int32_t kind : children(interface))  // "ethernet ethernet1/1", "loopback", ...
      port(kind);
    virtual_routers(look_.child(network, "virtual-router"));
  }

  void rulebase(int32_t rulebase) {
    int32_t rules = look_.child(rulebase, "security");
    use(rulebase);
    use(rules);
    for (int32_t r : children(rules)) {
      if (node(r).text != "rules") continue;
      coverage_.use_subtree(r);
      if (!node(r).value.empty()) {
        m_.acl("security", line(r)).entries.push_back({std::string(node(r).value), line(r)});
        continue;
      }
      for (int32_t rule : children(r))
        m_.acl("security", line(rule))
            .entries.push_back({std::string(node(rule).text), line(rule)});
    }
  }

  // "users { admin { phash ...; permissions { role-based { superuser yes; } } } }"
  void users(int32_t list) {
    if (list == ConfigTree::kNone) return;
    use(look_.tree().node(list).parent);
    use(list);
    auto add = [&](int32_t entry, std::string_view name) {
      coverage_.use_subtree(entry);
      UserModel& u = m_.user(name, line(entry));
      std::string_view hash = look_.argument(entry, "phash");
      if (!hash.empty()) {
        std::string type = hash_type("", hash);
        u.hash_type = type == "plaintext" ? "encrypted" : type;
      }
      int32_t roles = look_.path(entry, {"permissions", "role-based"});
      for (int32_t role : children(roles)) u.role = std::string(node(role).text);
    };
    if (!node(list).value.empty()) add(list, node(list).value);
    for (int32_t entry : children(list))
      if (node(list).value.empty()) add(entry, node(entry).text);
  }

  void port(int32_t n) {
    use(n);
    if (node(n).value.empty()) {
      for (int32_t c : children(n)) interface_node(c, node(c).text);
      return;
    }
    interface_node(n, node(n).value);
  }

  void interface_node(int32_t n, std::string_view name) {
    use(n);
    InterfaceModel& i = m_.interface(name, line(n));
    if (std::string_view comment = take(n, "comment"); !comment.empty())
      i.description = std::string(comment);
    int32_t layer3 = look_.child(n, "layer3");
    use(layer3);
    each_item(layer3, "ip", [&](std::string_view a, int32_t) { i.ipv4.emplace_back(a); });
    if (std::string_view mtu = take(layer3, "mtu"); !mtu.empty()) i.mtu = to_number(mtu);
    if (int32_t l2 = look_.child(n, "layer2"); l2 != ConfigTree::kNone) {
      use(l2);
      i.mode = "access";
    }
    int32_t units = look_.child(layer3, "units");
    for (int32_t u : children(units)) interface_node(u, node(u).text);
  }

  const ModelOptions& options_;
};

}  // namespace

void extract_junos(const ConfigTree& tree, const ModelOptions& options, DeviceModel* model,
                   ModelCoverage* coverage) {
  JunosExtractor(tree, options, model, coverage).run();
}

void extract_vyos(const ConfigTree& tree, const ModelOptions& options, DeviceModel* model,
                  ModelCoverage* coverage) {
  VyosExtractor(tree, options, model, coverage).run();
}

void extract_panos(const ConfigTree& tree, const ModelOptions& options, DeviceModel* model,
                   ModelCoverage* coverage) {
  PanosExtractor(tree, options, model, coverage).run();
}

}  // namespace cfgsweep
