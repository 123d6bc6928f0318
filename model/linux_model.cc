// Extractors for Linux-based network OSes: ifupdown2 (/etc/network/interfaces), netplan
// YAML and NVIDIA NVUE startup.yaml.
#include <charconv>
#include <string>

#include <fmt/format.h>

#include "model/model_extractor.h"
#include "parse/tree_lookup.h"
#include "parse/words.h"

namespace cfgsweep {

namespace {

void add_address(std::string_view address, InterfaceModel* i) {
  (address.find(':') != std::string_view::npos ? i->ipv6 : i->ipv4).emplace_back(address);
}

}  // namespace

void extract_ifupdown(const ConfigTree& tree, DeviceModel* model, ModelCoverage* coverage) {
  for (int32_t stanza : tree.children(ConfigTree::kRoot)) {
    Words w(tree.node(stanza).text);
    if (w[0] == "auto" || w[0] == "allow-hotplug") {
      coverage->use(stanza);
      continue;
    }
    if (w[0] != "iface" || w.size() < 2) continue;
    coverage->use(stanza);
    InterfaceModel& i = model->interface(w[1], tree.node(stanza).line);
    std::string_view pending_address;
    for (int32_t option : tree.children(stanza)) {
      Words o(tree.node(option).text);
      bool used = true;
      if (o[0] == "address") {
        for (std::size_t k = 1; k < o.size(); ++k) {
          if (o[k].find('/') != std::string_view::npos)
            add_address(o[k], &i);
          else
            pending_address = o[k];
        }
      } else if (o[0] == "netmask" && !pending_address.empty()) {
        if (auto a = ipv4_with_prefix(pending_address, o[1])) i.ipv4.push_back(*a);
      } else if (o[0] == "mtu") {
        i.mtu = to_number(o[1]);
      } else if (o[0] == "alias") {
        i.description = std::string(o.rest(1));
      } else if (o[0] == "vrf") {
        i.vrf = std::string(o[1]);
      } else if (o[0] == "bridge-access") {
        i.mode = "access";
        i.access_vlan = to_number(o[1]);
      } else if (o[0] == "bridge-vids") {
        i.mode = "trunk";
        std::string list;
        for (std::size_t k = 1; k < o.size(); ++k)
          list += fmt::format("{}{}", k > 1 ? "," : "", o[k]);
        i.allowed_vlans = list;
      } else if (o[0] == "bond-slaves" || o[0] == "bond-ports") {
        for (std::size_t k = 1; k < o.size(); ++k)
          model->interface(o[k], tree.node(option).line).lag = std::string(w[1]);
      } else if (o[0] == "link-down" && o[1] == "yes") {
        i.enabled = false;
      } else if (o[0] == "dns-nameservers") {
        for (std::size_t k = 1; k < o.size(); ++k)
          model->dns_servers.push_back({std::string(o[k]), "", "", tree.node(option).line});
      } else {
        used = false;
      }
      if (used) coverage->use(option);
    }
  }
}

void extract_netplan(const ConfigTree& tree, DeviceModel* model, ModelCoverage* coverage) {
  TreeLookup look(tree);
  int32_t network = look.child(ConfigTree::kRoot, "network");
  coverage->use(network == ConfigTree::kNone ? ConfigTree::kRoot : network);
  if (network == ConfigTree::kNone) return;
  for (std::string_view kind : {"ethernets", "vlans", "bonds", "bridges", "wifis"}) {
    int32_t list = look.child(network, kind);
    if (list == ConfigTree::kNone) continue;
    coverage->use(list);
    for (int32_t n : tree.children(list)) {
      coverage->use(n);
      InterfaceModel& i = model->interface(tree.node(n).text, tree.node(n).line);
      for (int32_t field : tree.children(n)) {
        std::string_view key = tree.node(field).text;
        bool used = true;
        if (key == "addresses") {
          for (int32_t a : tree.children(field)) add_address(tree.node(a).value, &i);
        } else if (key == "mtu") {
          i.mtu = to_number(tree.node(field).value);
        } else if (key == "id") {
          i.access_vlan = to_number(tree.node(field).value);
        } else if (key == "interfaces" && kind == "bonds") {
          for (int32_t member : tree.children(field))
            model->interface(tree.node(member).value, tree.node(member).line).lag =
                std::string(tree.node(n).text);
        } else if (key == "nameservers") {
          for (int32_t a : tree.children(look.child(field, "addresses")))
            model->dns_servers.push_back(
                {std::string(tree.node(a).value), "", "", tree.node(a).line});
        } else if (key == "routes") {
          for (int32_t r : tree.children(field)) {
            std::string_view to = look.argument(r, "to");
            model->static_routes.push_back({std::string(to == "default" ? "0.0.0.0/0" : to),
                                            std::string(look.argument(r, "via")), "",
                                            tree.node(r).line});
          }
        } else if (key == "gateway4") {
          model->static_routes.push_back(
              {"0.0.0.0/0", std::string(tree.node(field).value), "", tree.node(field).line});
        } else {
          used = false;
        }
        if (used) coverage->use_subtree(field);
      }
    }
  }
}

void extract_nvue(const ConfigTree& tree, DeviceModel* model, ModelCoverage* coverage) {
  TreeLookup look(tree);
  // startup.yaml is a list of operations; "- set:" holds the configuration.
  for (int32_t item : tree.children(ConfigTree::kRoot)) {
    int32_t set = look.child(item, "set");
    if (set == ConfigTree::kNone) continue;
    coverage->use(item);
    coverage->use(set);
    if (int32_t system = look.child(set, "system"); system != ConfigTree::kNone) {
      coverage->use(system);
      if (int32_t h = look.child(system, "hostname"); h != ConfigTree::kNone) {
        model->hostname = std::string(tree.node(h).value);
        model->hostname_line = tree.node(h).line;
        coverage->use(h);
      }
    }
    int32_t interfaces = look.child(set, "interface");
    if (interfaces != ConfigTree::kNone) coverage->use(interfaces);
    for (int32_t n : tree.children(interfaces)) {
      coverage->use(n);
      InterfaceModel& i = model->interface(tree.node(n).text, tree.node(n).line);
      if (int32_t addresses = look.path(n, {"ip", "address"}); addresses != ConfigTree::kNone) {
        coverage->use_subtree(look.child(n, "ip"));
        for (int32_t a : tree.children(addresses)) add_address(tree.node(a).text, &i);
      }
      if (int32_t d = look.child(n, "description"); d != ConfigTree::kNone) {
        i.description = std::string(tree.node(d).value);
        coverage->use(d);
      }
      if (int32_t link = look.child(n, "link"); link != ConfigTree::kNone) {
        coverage->use_subtree(link);
        if (int32_t state = look.child(link, "state"); state != ConfigTree::kNone)
          i.enabled =
              look.child(state, "down") == ConfigTree::kNone && tree.node(state).value != "down";
        i.mtu = to_number(look.argument(link, "mtu"));
      }
      if (int32_t bond = look.child(n, "bond"); bond != ConfigTree::kNone) {
        coverage->use_subtree(bond);
        for (int32_t member : tree.children(look.child(bond, "member")))
          model->interface(tree.node(member).text, tree.node(member).line).lag =
              std::string(tree.node(n).text);
      }
    }
    int32_t service = look.child(set, "service");
    for (auto [name, list] :
         {std::pair{"ntp", &model->ntp_servers}, std::pair{"syslog", &model->syslog_servers},
          std::pair{"dns", &model->dns_servers}}) {
      for (int32_t vrf : tree.children(look.child(service, name))) {
        coverage->use_subtree(vrf);
        for (int32_t s : tree.children(look.child(vrf, "server")))
          list->push_back({std::string(tree.node(s).text), std::string(tree.node(vrf).text), "",
                           tree.node(s).line});
      }
    }
    if (int32_t bgp = look.path(set, {"router", "bgp"}); bgp != ConfigTree::kNone) {
      coverage->use_subtree(bgp);
      BgpModel& b = model->bgp_process(tree.node(bgp).line);
      b.local_as = std::string(look.argument(bgp, "autonomous-system"));
      b.router_id = std::string(look.argument(bgp, "router-id"));
    }
    for (int32_t vrf : tree.children(look.child(set, "vrf"))) {
      int32_t neighbors = look.path(vrf, {"router", "bgp", "neighbor"});
      if (neighbors == ConfigTree::kNone) continue;
      coverage->use_subtree(neighbors);
      for (int32_t n : tree.children(neighbors)) {
        BgpNeighborModel& neighbor = model->bgp_neighbor(tree.node(n).text, tree.node(n).line);
        neighbor.remote_as = std::string(look.argument(n, "remote-as"));
        neighbor.peer_group = std::string(look.argument(n, "peer-group"));
      }
    }
  }
}

}  // namespace cfgsweep
