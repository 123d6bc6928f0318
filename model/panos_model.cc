// The PAN-OS extractor: XML, brace and set forms.
#include <string>

#include <fmt/format.h>

#include "model/model_extractor.h"
#include "model/path_extractor.h"
#include "parse/words.h"

namespace cfgsweep {

namespace {

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

void extract_panos(const ConfigTree& tree, const ModelOptions& options, DeviceModel* model,
                   ModelCoverage* coverage) {
  PanosExtractor(tree, options, model, coverage).run();
}

}  // namespace cfgsweep
