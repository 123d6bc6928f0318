#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "workers/policy/policy.h"

namespace cfgsweep {

// What the reports need of one rule's outcome on one config.
struct ReportFinding {
  std::size_t rule;  // index into ReportCollector::rules()
  std::string status;
  std::vector<uint32_t> lines;
  std::string evidence;  // the first piece, for one-line reports
};

// What the reports need of one result: the config, how its parse went, its findings.
struct DeviceReport {
  std::string source;
  std::string member;
  std::string vendor;
  std::string status;  // the result's status: ok, error, timeout, ...
  std::string error;   // the first error's code and message, when not ok
  std::vector<ReportFinding> findings;
  uint64_t failed = 0;
  std::string worst;  // the severity of the worst failed rule, or empty

  std::string name() const { return member.empty() ? source : source + ":" + member; }
};

// Collects the results of a `check` run for the --report sinks, in the supervisor: each
// result's JSON is read once (only when reports were asked for) and kept in compact form.
class ReportCollector {
 public:
  // `policy`: the run's policy, for the rules' metadata in policy order.
  explicit ReportCollector(const Policy& policy);

  void add(std::string_view result_json);

  struct RuleInfo {
    std::string id;
    Severity severity;
    std::string message;
    std::string remediation;
    std::string source;  // file:line of the rule
  };
  const std::vector<RuleInfo>& rules() const { return rules_; }
  const std::vector<DeviceReport>& devices() const { return devices_; }

 private:
  std::vector<RuleInfo> rules_;
  std::map<std::string, std::size_t, std::less<>> rule_index_;
  std::vector<DeviceReport> devices_;
};

}  // namespace cfgsweep
