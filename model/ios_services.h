#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "model/device_model.h"
#include "model/model_coverage.h"
#include "model/model_extractor.h"
#include "parse/config_tree.h"
#include "parse/words.h"

namespace cfgsweep {

// A word that starts like an address: "10.1.1.5", "2001:db8::5", but also a port "514".
bool looks_like_address(std::string_view word);
// An IPv4 or IPv6 address, not a port number: "10.1.1.5", "2001:db8::5".
bool looks_like_ip(std::string_view word);

// The IOS-family lines of the management plane, read for the IOS extractor (ios_model.cc):
// users, NTP, SNMP, syslog, AAA and DNS servers, banners. Model layer, one per extraction.
class IosServices {
 public:
  // `one_line_banners`: ASA, which writes each banner line as a command of its own.
  IosServices(const ConfigTree& tree, bool one_line_banners, const ModelOptions& options,
              DeviceModel* model, ModelCoverage* coverage)
      : tree_(tree),
        one_line_banners_(one_line_banners),
        options_(options),
        m_(*model),
        coverage_(*coverage) {}

  // Reads the top-level line `node` (its words `w`) if it is one of these; true when it
  // went into the model (the caller marks it used).
  bool read(int32_t node, const Words& w);
  // "ip name-server [vrf V] A B ...": also inside NX-OS "vrf context".
  void dns(const Words& w, std::size_t at, uint32_t line);

 private:
  std::string_view text(int32_t node) const { return tree_.node(node).text; }
  uint32_t line(int32_t node) const { return tree_.node(node).line; }
  void use(int32_t node) { coverage_.use(node); }

  void user(const Words& w, uint32_t at);
  void server_with_vrf(const Words& w, std::size_t at, std::vector<ServerModel>* servers,
                       uint32_t line);
  void block_servers(int32_t node, std::string_view keyword, std::vector<ServerModel>* servers);
  bool snmp(const Words& w, uint32_t at);
  void snmp_vrf(int32_t node, std::string_view vrf);
  void aaa_group(int32_t node, std::string_view protocol);
  void user_block(int32_t node, std::string_view name);
  void aaa_server_block(int32_t node, std::string_view protocol);
  void banner(int32_t node, const Words& w);

  const ConfigTree& tree_;
  bool one_line_banners_;
  const ModelOptions& options_;
  DeviceModel& m_;
  ModelCoverage& coverage_;
  bool one_line_banner_ = false;  // the last banner was ASA's one-line form
  std::unordered_map<std::string, std::string> aaa_group_protocols_;  // ASA aaa-server groups
};

}  // namespace cfgsweep
