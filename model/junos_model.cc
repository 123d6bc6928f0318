// The Junos extractor: brace, set and XML configurations give the same path tree.
#include <string>

#include <fmt/format.h>

#include "model/junos_groups.h"
#include "model/model_extractor.h"
#include "model/path_extractor.h"
#include "parse/words.h"

namespace cfgsweep {

namespace {

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

}  // namespace

void extract_junos(const ConfigTree& tree, const ModelOptions& options, DeviceModel* model,
                   ModelCoverage* coverage) {
  JunosExtractor(tree, options, model, coverage).run();
}

}  // namespace cfgsweep
