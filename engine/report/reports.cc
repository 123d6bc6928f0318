#include "engine/report/reports.h"

#include "common/clock.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <map>
#include <sstream>

#include <fmt/format.h>
#include <pugixml.hpp>

#include "common/json_writer.h"
#include "engine/report/html_report.h"

#ifndef CFGSWEEP_VERSION
#define CFGSWEEP_VERSION "0.0.0"
#endif

namespace cfgsweep {

namespace {

constexpr Severity kSeverities[] = {Severity::kCritical, Severity::kHigh, Severity::kMedium,
                                    Severity::kLow, Severity::kInfo};

std::string lines_text(const std::vector<uint32_t>& lines, std::string_view separator) {
  std::string out;
  for (uint32_t line : lines) {
    if (!out.empty()) out += separator;
    out += std::to_string(line);
  }
  return out;
}

// A CSV cell. Text from configs, file and device names that starts like a formula ('=', '+',
// '-', '@', tab, CR) gets a leading quote (OWASP's advice): a spreadsheet opening the report
// shows it as text instead of running it.
std::string csv_cell(std::string_view text) {
  bool formula =
      !text.empty() && std::string_view("=+-@\t\r").find(text[0]) != std::string_view::npos;
  bool quote = formula || text.find_first_of(",\"\n\r") != std::string_view::npos;
  if (!quote) return std::string(text);
  std::string out = formula ? "\"'" : "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// SARIF's three levels, from the five severities.
std::string_view sarif_level(Severity severity) {
  if (severity >= Severity::kHigh) return "error";
  return severity == Severity::kMedium ? "warning" : "note";
}

}  // namespace

void write_run_counts(JsonWriter& json, const ReportCollector& results,
                      const ReportTotals& totals) {
  json.field("configs", uint64_t{results.devices().size()});
  json.field("compliant", totals.compliant);
  json.key("by_status");
  json.begin_object();
  for (const auto& [status, n] : totals.by_status) json.field(status, n);
  json.end_object();
  json.key("failed_rules_by_severity");
  json.begin_object();
  for (Severity s : kSeverities)
    json.field(enum_name(s), totals.failed_by_severity[static_cast<int>(s)]);
  json.end_object();
}

void write_rule_counts(JsonWriter& json, const ReportCollector& results,
                       const ReportTotals& totals) {
  json.key("rules");
  json.begin_array();
  for (std::size_t r = 0; r < results.rules().size(); ++r) {
    const auto& rule = results.rules()[r];
    const ReportTotals::RuleCounts& counts = totals.by_rule[r];
    json.begin_object();
    json.field("rule", rule.id);
    json.field("severity", enum_name(rule.severity));
    json.field("message", rule.message);
    if (!rule.remediation.empty()) json.field("remediation", rule.remediation);
    json.field("pass", counts.pass);
    json.field("fail", counts.fail);
    json.field("not_applicable", counts.not_applicable);
    json.field("error", counts.error);
    json.end_object();
  }
  json.end_array();
}

std::string json_summary_report(const ReportCollector& results) {
  const ReportTotals totals = results.totals();
  JsonWriter json;
  json.begin_object();
  json.field("tool", std::string_view("cfgsweep " CFGSWEEP_VERSION));
  write_run_counts(json, results, totals);
  write_rule_counts(json, results, totals);
  json.key("configs_list");
  json.begin_array();
  for (const DeviceReport& d : results.devices()) {
    json.begin_object();
    json.field("source", d.source);
    if (!d.member.empty()) json.field("member", d.member);
    json.field("status", enum_name(d.status));
    json.field("vendor", d.vendor);
    json.field("failed_rules", d.failed);
    json.key("worst");
    if (d.worst)
      json.string(enum_name(*d.worst));
    else
      json.null();
    if (!d.error.empty()) json.field("error", d.error);
    json.end_object();
  }
  json.end_array();
  json.end_object();
  return std::string(json.view()) + "\n";
}

std::string csv_report(const ReportCollector& results) {
  std::string out = "source,member,vendor,status,rule,severity,finding,lines,message\n";
  const auto& rules = results.rules();
  for (const DeviceReport& d : results.devices()) {
    std::string prefix = fmt::format("{},{},{},{},", csv_cell(d.source), csv_cell(d.member),
                                     csv_cell(d.vendor), enum_name(d.status));
    if (d.findings.empty()) {
      out += prefix + ",,error,," + csv_cell(d.error) + "\n";
      continue;
    }
    for (const ReportFinding& f : d.findings) {
      const auto& rule = rules[f.rule];
      out += prefix + fmt::format("{},{},{},{},{}\n", csv_cell(rule.id), enum_name(rule.severity),
                                  enum_name(f.status), lines_text(f.lines, ";"),
                                  csv_cell(rule.message));
    }
  }
  return out;
}

std::string junit_report(const ReportCollector& results) {
  pugi::xml_document doc;
  auto decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "UTF-8";
  auto suites = doc.append_child("testsuites");
  suites.append_attribute("name") = "cfgsweep check";
  uint64_t tests = 0, failures = 0, errors = 0;
  const auto& rules = results.rules();
  for (const DeviceReport& d : results.devices()) {
    auto suite = suites.append_child("testsuite");
    suite.append_attribute("name") = d.name().c_str();
    uint64_t suite_failures = 0, skipped = 0, suite_errors = 0;
    if (d.findings.empty()) {
      auto testcase = suite.append_child("testcase");
      testcase.append_attribute("classname") = d.name().c_str();
      testcase.append_attribute("name") = "parse";
      auto error = testcase.append_child("error");
      error.append_attribute("message") = d.error.c_str();
      error.append_attribute("type") = std::string(enum_name(d.status)).c_str();
      suite_errors = 1;
    }
    for (const ReportFinding& f : d.findings) {
      const auto& rule = rules[f.rule];
      auto testcase = suite.append_child("testcase");
      testcase.append_attribute("classname") = d.name().c_str();
      testcase.append_attribute("name") = rule.id.c_str();
      if (f.status == Finding::Status::kFail) {
        ++suite_failures;
        auto failure = testcase.append_child("failure");
        failure.append_attribute("message") = rule.message.c_str();
        failure.append_attribute("type") = std::string(enum_name(rule.severity)).c_str();
        std::string text = f.lines.empty() ? std::string(f.first_evidence())
                                           : fmt::format("lines {}: {}", lines_text(f.lines, ", "),
                                                         f.first_evidence());
        if (!rule.remediation.empty()) text += "\nremediation: " + rule.remediation;
        failure.text() = text.c_str();
      } else if (f.status == Finding::Status::kError) {
        ++suite_errors;
        auto error = testcase.append_child("error");
        error.append_attribute("message") = std::string(f.first_evidence()).c_str();
      } else if (f.status == Finding::Status::kNotApplicable) {
        ++skipped;
        testcase.append_child("skipped");
      }
    }
    uint64_t suite_tests = d.findings.empty() ? 1 : d.findings.size();
    suite.append_attribute("tests") = static_cast<unsigned long long>(suite_tests);
    suite.append_attribute("failures") = static_cast<unsigned long long>(suite_failures);
    suite.append_attribute("errors") = static_cast<unsigned long long>(suite_errors);
    suite.append_attribute("skipped") = static_cast<unsigned long long>(skipped);
    tests += suite_tests;
    failures += suite_failures;
    errors += suite_errors;
  }
  suites.append_attribute("tests") = static_cast<unsigned long long>(tests);
  suites.append_attribute("failures") = static_cast<unsigned long long>(failures);
  suites.append_attribute("errors") = static_cast<unsigned long long>(errors);
  std::ostringstream out;
  doc.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
  return out.str();
}

namespace {

// SARIF's reportingDescriptor for one rule.
void write_sarif_rule(JsonWriter& json, const ReportCollector::RuleInfo& rule) {
  json.begin_object();
  json.field("id", rule.id);
  json.key("shortDescription");
  json.begin_object();
  json.field("text", rule.message);
  json.end_object();
  if (!rule.remediation.empty()) {
    json.key("help");
    json.begin_object();
    json.field("text", rule.remediation);
    json.end_object();
  }
  json.key("defaultConfiguration");
  json.begin_object();
  json.field("level", sarif_level(rule.severity));
  json.end_object();
  json.key("properties");
  json.begin_object();
  json.field("severity", enum_name(rule.severity));
  json.field("policy", rule.source);
  json.end_object();
  json.end_object();
}

// One location per line of the finding; none given: the whole file (no region).
void write_sarif_locations(JsonWriter& json, const std::string& uri,
                           const std::vector<uint32_t>& finding_lines) {
  std::vector<uint32_t> lines = finding_lines;
  if (lines.empty()) lines.push_back(0);
  json.key("locations");
  json.begin_array();
  for (uint32_t line : lines) {
    json.begin_object();
    json.key("physicalLocation");
    json.begin_object();
    json.key("artifactLocation");
    json.begin_object();
    json.field("uri", uri);
    json.end_object();
    if (line != 0) {
      json.key("region");
      json.begin_object();
      json.field("startLine", uint64_t{line});
      json.end_object();
    }
    json.end_object();
    json.end_object();
  }
  json.end_array();
}

// SARIF's result for one failed finding.
void write_sarif_result(JsonWriter& json, const ReportCollector::RuleInfo& rule,
                        const DeviceReport& device, const ReportFinding& f) {
  json.begin_object();
  json.field("ruleId", rule.id);
  json.field("ruleIndex", uint64_t{f.rule});
  json.field("level", sarif_level(rule.severity));
  json.key("message");
  json.begin_object();
  json.field("text", f.evidence.empty() ? rule.message
                                        : fmt::format("{}: {}", rule.message, f.first_evidence()));
  json.end_object();
  write_sarif_locations(json, device.source, f.lines);
  json.end_object();
}

}  // namespace

std::string sarif_report(const ReportCollector& results) {
  const auto& rules = results.rules();
  JsonWriter json;
  json.begin_object();
  json.field("$schema", std::string_view("https://json.schemastore.org/sarif-2.1.0.json"));
  json.field("version", std::string_view("2.1.0"));
  json.key("runs");
  json.begin_array();
  json.begin_object();
  json.key("tool");
  json.begin_object();
  json.key("driver");
  json.begin_object();
  json.field("name", std::string_view("cfgsweep"));
  json.field("version", std::string_view(CFGSWEEP_VERSION));
  json.key("rules");
  json.begin_array();
  for (const auto& rule : rules) write_sarif_rule(json, rule);
  json.end_array();
  json.end_object();
  json.end_object();
  json.key("results");
  json.begin_array();
  for (const DeviceReport& d : results.devices())
    for (const ReportFinding& f : d.findings)
      if (f.status == Finding::Status::kFail) write_sarif_result(json, rules[f.rule], d, f);
  json.end_array();
  json.end_object();
  json.end_array();
  json.end_object();
  return std::string(json.view()) + "\n";
}

namespace {

std::string render(ReportFormat format, const ReportCollector& results,
                   std::string_view policy_path) {
  switch (format) {
    case ReportFormat::kJson:
      return json_summary_report(results);
    case ReportFormat::kCsv:
      return csv_report(results);
    case ReportFormat::kJunit:
      return junit_report(results);
    case ReportFormat::kSarif:
      return sarif_report(results);
    case ReportFormat::kHtml:
      return html_report(results, policy_path, utc_now());
  }
  return {};
}

}  // namespace

Result<ReportRequest> parse_report_request(std::string_view spec) {
  auto equals = spec.find('=');
  std::optional<ReportFormat> format = enum_from_name<ReportFormat>(spec.substr(0, equals));
  if (equals == std::string_view::npos || equals + 1 == spec.size() || !format)
    return make_error(ExitStatus::kUsage, fmt::format("'{}': use FORMAT=PATH with FORMAT one of {}",
                                                      spec, enum_name_list<ReportFormat>()));
  return ReportRequest{*format, std::string(spec.substr(equals + 1))};
}

Result<std::vector<OpenReport>> open_reports(const std::vector<ReportRequest>& requests) {
  std::vector<OpenReport> reports;
  for (const ReportRequest& r : requests) {
    Fd file;
    if (r.path != "-") {
      file.reset(::open(r.path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644));
      if (!file.valid())
        return make_error(ExitStatus::kIoError,
                          fmt::format("cannot open --report {}={}: {}", enum_name(r.format), r.path,
                                      errno_text(errno)));
    }
    reports.push_back({r, std::move(file)});
  }
  return reports;
}

Result<void> write_reports(const std::vector<OpenReport>& reports, ReportCollector& results,
                           std::string_view policy_path) {
  results.sort_devices();
  for (const OpenReport& r : reports) {
    std::string text = render(r.request.format, results, policy_path);
    struct stat info;
    bool regular = ::fstat(r.fd(), &info) == 0 && S_ISREG(info.st_mode);
    // A regular file is truncated now (opened without O_TRUNC, it kept the last report
    // until this one was ready); /dev/null, a FIFO or a pipe is written as it is.
    bool written = (!regular || ::ftruncate(r.fd(), 0) == 0) && write_all(r.fd(), text);
    if (!written)
      return make_error(ExitStatus::kIoError, fmt::format("cannot write the {} report {}: {}",
                                                          enum_name(r.request.format),
                                                          r.request.path, errno_text(errno)));
  }
  return {};
}

}  // namespace cfgsweep
