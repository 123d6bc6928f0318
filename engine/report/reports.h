#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/enum_names.h"
#include "common/error.h"
#include "common/fd.h"
#include "engine/report/report_collector.h"

namespace cfgsweep {
class JsonWriter;
}

namespace cfgsweep {

// The --report sinks of `cfgsweep check`. Each renders the whole run from the collector.

// A JSON summary: counts by result status, by severity and by rule, and one line per device.
std::string json_summary_report(const ReportCollector& results);
// The run's counts (configs, compliant, by_status, failed_rules_by_severity) as fields of
// the object `json` is in: the JSON summary and the HTML report share them.
void write_run_counts(JsonWriter& json, const ReportCollector& results, const ReportTotals& totals);
// "rules": per rule in policy order, its id ("rule"), severity, message, remediation (when
// set) and pass/fail/not_applicable/error counts.
void write_rule_counts(JsonWriter& json, const ReportCollector& results,
                       const ReportTotals& totals);

// CSV, one row per device x rule (a device whose config failed gets one row with its error).
std::string csv_report(const ReportCollector& results);
// JUnit XML: one testsuite per device, one testcase per rule (failed, skipped when not
// applicable), an error testcase for a config that could not be parsed.
std::string junit_report(const ReportCollector& results);
// SARIF 2.1.0: the rules as the tool's rules, each failed finding a result located at its
// lines in the config.
std::string sarif_report(const ReportCollector& results);

// "--report FORMAT=PATH": the formats this knows, and the check of one request.
enum class ReportFormat { kJson, kCsv, kJunit, kSarif, kHtml };
template <>
struct EnumNameTable<ReportFormat> {
  static constexpr auto kNames =
      enum_names<ReportFormat::kJson, ReportFormat::kHtml>("json", "csv", "junit", "sarif", "html");
};
struct ReportRequest {
  ReportFormat format;
  std::string path;
};
// The request `spec` stands for; an error (kUsage) that says what to fix.
Result<ReportRequest> parse_report_request(std::string_view spec);
// A report's destination, opened by the supervisor before any work so that a path that
// cannot be written fails at once rather than after the run. PATH "-" is stdout (fd not
// owned). The file is created (mode 0644) but not truncated until the report is written,
// so a run that fails keeps the previous report.
struct OpenReport {
  ReportRequest request;
  Fd file;  // invalid for stdout
  int fd() const { return file.valid() ? file.get() : 1; }
};
// Opens every destination; an error (kIoError) naming the first that cannot be opened.
Result<std::vector<OpenReport>> open_reports(const std::vector<ReportRequest>& requests);
// Writes every report over what its file held; an error (kIoError) for the first that
// fails. `policy_path` names the policy in the reports that show it. The devices are put in
// order of source and member first: a report is the same whichever worker finished first,
// and a merge of shards (cfgsweep merge) gives the report of one big run.
Result<void> write_reports(const std::vector<OpenReport>& reports, ReportCollector& results,
                           std::string_view policy_path);

}  // namespace cfgsweep
