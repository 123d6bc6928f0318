#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result_record.h"
#include "policy/policy.h"
#include "policy/policy_evaluator.h"

namespace cfgsweep {

// What the reports need of one rule's outcome on one config.
struct ReportFinding {
  std::size_t rule;  // index into ReportCollector::rules()
  Finding::Status status;
  std::vector<uint32_t> lines;
  // Capped at kReportPieces each for failed and errored findings (the HTML report shows
  // them), at the first piece of evidence for the others; the JSON Lines keep all of it.
  std::vector<std::string> evidence;
  std::vector<std::string> missing;   // intended-config rules: lines the config lacks
  std::vector<std::string> extra;     // ... and lines it should not have
  std::vector<std::string> commands;  // check --remediation: the commands that fix it

  // The first piece of evidence, for one-line reports.
  std::string_view first_evidence() const {
    return evidence.empty() ? std::string_view() : std::string_view(evidence.front());
  }
};
inline constexpr std::size_t kReportPieces = 20;

// What the reports need of one result: the config, how its parse went, its findings.
struct DeviceReport {
  std::string source;
  std::string member;
  std::string vendor;
  ResultStatus status = ResultStatus::kError;
  std::string error;  // the first error's code and message, when not ok
  std::vector<ReportFinding> findings;
  uint64_t failed = 0;
  std::optional<Severity> worst;  // the severity of the worst failed rule

  std::string name() const { return member.empty() ? source : source + ":" + member; }
};

// Counts over the whole run, for the summaries.
struct ReportTotals {
  struct RuleCounts {
    uint64_t pass = 0, fail = 0, not_applicable = 0, error = 0;
  };
  std::vector<RuleCounts> by_rule;            // in rule order
  std::map<std::string, uint64_t> by_status;  // result status -> configs
  uint64_t compliant = 0;                     // parsed, and no rule failed
  // Failed findings by the severity of their rule, indexed by Severity's value.
  uint64_t failed_by_severity[static_cast<int>(Severity::kCritical) + 1] = {};
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
  // Puts the devices in order of source, then member (they are added as they complete).
  void sort_devices();
  ReportTotals totals() const;

 private:
  std::vector<RuleInfo> rules_;
  std::map<std::string, std::size_t, std::less<>> rule_index_;
  std::vector<DeviceReport> devices_;
};

}  // namespace cfgsweep
