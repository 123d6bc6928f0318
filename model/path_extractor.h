#pragma once

#include <string>
#include <string_view>

#include "model/model_coverage.h"
#include "model/model_extractor.h"
#include "parse/tree_lookup.h"

namespace cfgsweep {

// What the extractors of path trees (Junos, VyOS, PAN-OS: brace, set and XML forms alike)
// share: reading keys, recording what they used in the coverage. Model layer only.
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

}  // namespace cfgsweep
