// The FortiOS extractor: "config <path>" blocks of "edit <name>" entries of "set" lines.
#include <charconv>
#include <string>

#include <fmt/format.h>

#include "model/model_extractor.h"
#include "parse/words.h"

namespace cfgsweep {

namespace {

class FortiosExtractor {
 public:
  FortiosExtractor(const ConfigTree& tree, const ModelOptions& options, DeviceModel* model,
                   ModelCoverage* coverage)
      : tree_(tree), options_(options), m_(*model), coverage_(*coverage) {}

  void run() { blocks(ConfigTree::kRoot); }

 private:
  void blocks(int32_t parent) {
    for (int32_t block : tree_.children(parent)) this->block(block);
  }

  // A multi-VDOM file wraps the blocks: "config global" holds the device's own, and
  // "config vdom" an "edit NAME" per VDOM holding that VDOM's.
  void block(int32_t block) {
    std::string_view t = tree_.node(block).text;
    if (!t.starts_with("config ")) return;
    std::string_view path = t.substr(7);
    bool used = true;
    if (path == "global") {
      blocks(block);
    } else if (path == "vdom") {
      for (int32_t vdom : tree_.children(block)) {
        coverage_.use(vdom);
        blocks(vdom);
      }
    } else if (path == "system global") {
      each_set(block, [&](const Words& w, int32_t at) {
        if (w[1] != "hostname") return false;
        m_.hostname = std::string(unquote(w[2]));
        m_.hostname_line = line(at);
        return true;
      });
    } else if (path == "system interface") {
      each_edit(block, [&](std::string_view name, int32_t entry) { interface(name, entry); });
    } else if (path == "system dns") {
      each_set(block, [&](const Words& w, int32_t at) {
        if (w[1] == "primary" || w[1] == "secondary") {
          m_.dns_servers.push_back({std::string(w[2]), "", "", line(at)});
        } else if (w[1] == "domain") {
          m_.domain = std::string(unquote(w[2]));
        } else {
          return false;
        }
        return true;
      });
    } else if (path == "system ntp") {
      servers_in(block, "server", &m_.ntp_servers, "");
    } else if (path.starts_with("log syslogd") && path.ends_with("setting")) {
      each_set(block, [&](const Words& w, int32_t at) {
        if (w[1] != "server") return false;
        m_.syslog_servers.push_back({std::string(unquote(w[2])), "", "", line(at)});
        return true;
      });
    } else if (path == "user tacacs+" || path == "user radius") {
      servers_in(block, "server", &m_.aaa_servers, path == "user radius" ? "radius" : "tacacs");
    } else if (path == "router static") {
      each_edit(block, [&](std::string_view, int32_t entry) { static_route(entry); });
    } else if (path == "router bgp") {
      bgp(block);
    } else if (path == "router ospf") {
      ospf(block);
    } else if (path == "firewall policy") {
      AclModel& acl = m_.acl("firewall policy", line(block));
      each_edit(block, [&](std::string_view name, int32_t entry) {
        coverage_.use_subtree(entry);
        acl.entries.push_back({fmt::format("policy {}", name), line(entry)});
      });
    } else if (path == "system admin") {
      admins(block);
    } else if (path == "system snmp community") {
      snmp_communities(block);
    } else {
      used = false;
    }
    if (used) coverage_.use(block);
  }

  void admins(int32_t block) {
    each_edit(block, [&](std::string_view name, int32_t entry) {
      UserModel& u = m_.user(name, line(entry));
      each_set(entry, [&](const Words& w, int32_t) {
        if (w[1] == "accprofile")
          u.role = std::string(unquote(w[2]));
        else if (w[1] == "password")
          u.hash_type = w[2] == "ENC" ? "encrypted" : "plaintext";
        else
          return false;
        return true;
      });
    });
  }

  void snmp_communities(int32_t block) {
    each_edit(block, [&](std::string_view, int32_t entry) {
      each_set(entry, [&](const Words& w, int32_t at) {
        if (w[1] != "name") return false;
        m_.snmp.communities.push_back(
            {options_.reveal_secrets ? std::string(unquote(w[2])) : std::string(kRedacted), "ro",
             line(at)});
        return true;
      });
      // "config hosts" / edit N / set ip A M: the managers allowed, and trap receivers.
      for (int32_t c : tree_.children(entry))
        if (tree_.node(c).text == "config hosts") {
          coverage_.use(c);
          each_edit(c, [&](std::string_view, int32_t host) {
            each_set(host, [&](const Words& w, int32_t at) {
              if (w[1] != "ip") return false;
              std::string_view a = w[2].substr(0, w[2].find('/'));
              m_.snmp.hosts.push_back({std::string(a), "", "", line(at)});
              return true;
            });
          });
        }
    });
    if (m_.snmp.versions.empty()) m_.snmp.versions = {"v1", "v2c"};
  }

  uint32_t line(int32_t n) const { return tree_.node(n).line; }

  // Calls read(words, node) for every "set" line directly under `block`; marks the ones it
  // understood.
  template <typename Read>
  void each_set(int32_t block, Read read) {
    for (int32_t c : tree_.children(block)) {
      Words w(tree_.node(c).text);
      if (w[0] == "set" && read(w, c)) coverage_.use(c);
    }
  }

  template <typename Visit>
  void each_edit(int32_t block, Visit visit) {
    for (int32_t c : tree_.children(block)) {
      std::string_view t = tree_.node(c).text;
      if (!t.starts_with("edit ")) continue;
      coverage_.use(c);
      visit(unquote(t.substr(5)), c);
    }
  }

  void servers_in(int32_t block, std::string_view key, std::vector<ServerModel>* out,
                  std::string_view protocol) {
    std::vector<int32_t> stack{block};
    while (!stack.empty()) {
      int32_t at = stack.back();
      stack.pop_back();
      each_set(at, [&](const Words& w, int32_t n) {
        if (w[1] != key) return false;
        out->push_back({std::string(unquote(w[2])), "", std::string(protocol), line(n)});
        return true;
      });
      for (int32_t c : tree_.children(at))
        if (tree_.node(c).first_child != ConfigTree::kNone) {
          coverage_.use(c);
          stack.push_back(c);
        }
    }
  }

  void interface(std::string_view name, int32_t entry) {
    InterfaceModel& i = m_.interface(name, line(entry));
    each_set(entry, [&](const Words& w, int32_t) {
      std::string_view key = w[1];
      if (key == "ip") {
        if (auto a = ipv4_with_prefix(w[2], w[3]); a && *a != "0.0.0.0/0") i.ipv4.push_back(*a);
      } else if (key == "alias" || key == "description") {
        i.description = std::string(unquote(w.rest(2)));
      } else if (key == "status") {
        i.enabled = w[2] != "down";
      } else if (key == "vdom") {
        i.vrf = std::string(unquote(w[2]));
      } else if (key == "mtu") {
        i.mtu = to_number(w[2]);
      } else if (key == "vlanid") {
        i.access_vlan = to_number(w[2]);
      } else if (key == "member") {  // an aggregate's ports: set member "port1" "port2"
        for (std::size_t k = 2; k < w.size(); ++k)
          m_.interface(unquote(w[k]), line(entry)).lag = std::string(name);
      } else if (key == "type" || key == "interface" || key == "secondary-IP") {
        return true;  // the kind, a VLAN's parent, the switch for the secondary block
      } else {
        return false;
      }
      return true;
    });
    // "config secondaryip" (edit N / set ip A M) and "config ipv6" (set ip6-address A/L).
    for (int32_t c : tree_.children(entry)) {
      std::string_view t = tree_.node(c).text;
      if (t == "config secondaryip") {
        coverage_.use(c);
        each_edit(c, [&](std::string_view, int32_t address) {
          each_set(address, [&](const Words& w, int32_t) {
            if (w[1] != "ip") return false;
            if (auto a = ipv4_with_prefix(w[2], w[3])) i.ipv4.push_back(*a);
            return true;
          });
        });
      } else if (t == "config ipv6") {
        coverage_.use(c);
        each_set(c, [&](const Words& w, int32_t) {
          if (w[1] != "ip6-address") return false;
          if (w[2] != "::/0") i.ipv6.emplace_back(w[2]);
          return true;
        });
      }
    }
  }

  // "config router ospf": router-id, "config area" (edit A), "config network" (edit N /
  // set prefix A M / set area X) and "config ospf-interface" (set interface NAME).
  void ospf(int32_t block) {
    OspfModel& o = m_.ospf_process("default", line(block));
    each_set(block, [&](const Words& w, int32_t) {
      if (w[1] != "router-id") return false;
      o.router_id = std::string(w[2]);
      return true;
    });
    for (int32_t c : tree_.children(block)) {
      std::string_view t = tree_.node(c).text;
      if (t == "config area") {
        coverage_.use(c);
        each_edit(c, [&](std::string_view area, int32_t) { m_.ospf_area(&o, area); });
      } else if (t == "config network") {
        coverage_.use(c);
        each_edit(c, [&](std::string_view, int32_t entry) {
          std::string prefix, area = "0.0.0.0";
          each_set(entry, [&](const Words& w, int32_t) {
            if (w[1] == "prefix")
              prefix = ipv4_with_prefix(w[2], w[3]).value_or(std::string(w[2]));
            else if (w[1] == "area")
              area = std::string(unquote(w[2]));
            else
              return false;
            return true;
          });
          if (!prefix.empty()) m_.ospf_area(&o, area).networks.push_back(prefix);
        });
      }
    }
  }

  void static_route(int32_t entry) {
    StaticRouteModel r;
    r.line = line(entry);
    std::string_view dst = "0.0.0.0", mask = "0.0.0.0";
    each_set(entry, [&](const Words& w, int32_t) {
      if (w[1] == "dst") {
        dst = w[2];
        mask = w[3];
      } else if (w[1] == "gateway") {
        r.next_hop = std::string(w[2]);
      } else {
        return w[1] == "device";
      }
      return true;
    });
    r.prefix = ipv4_with_prefix(dst, mask).value_or(std::string(dst));
    m_.static_routes.push_back(std::move(r));
  }

  void bgp(int32_t block) {
    BgpModel& b = m_.bgp_process(line(block));
    each_set(block, [&](const Words& w, int32_t) {
      if (w[1] == "as")
        b.local_as = std::string(w[2]);
      else if (w[1] == "router-id")
        b.router_id = std::string(w[2]);
      else
        return false;
      return true;
    });
    for (int32_t c : tree_.children(block)) {
      if (tree_.node(c).text != "config neighbor") continue;
      coverage_.use(c);
      each_edit(c, [&](std::string_view address, int32_t entry) {
        BgpNeighborModel& n = m_.bgp_neighbor(address, line(entry));
        each_set(entry, [&](const Words& w, int32_t) {
          if (w[1] == "remote-as")
            n.remote_as = std::string(w[2]);
          else if (w[1] == "description")
            n.description = std::string(unquote(w.rest(2)));
          else
            return false;
          return true;
        });
      });
    }
  }

  const ConfigTree& tree_;
  const ModelOptions& options_;
  DeviceModel& m_;
  ModelCoverage& coverage_;
};

}  // namespace

void extract_fortios(const ConfigTree& tree, const ModelOptions& options, DeviceModel* model,
                     ModelCoverage* coverage) {
  FortiosExtractor(tree, options, model, coverage).run();
}

}  // namespace cfgsweep
