#include "engine/report/html_report.h"

#include "common/json_writer.h"
#include "engine/report/reports.h"
#include "html_report_page.h"

#ifndef CFGSWEEP_VERSION
#define CFGSWEEP_VERSION "0.0.0"
#endif

namespace cfgsweep {

namespace {

constexpr std::string_view kDataMarker = "__CFGSWEEP_DATA__";

void write_texts(JsonWriter& json, std::string_view key, const std::vector<std::string>& texts) {
  json.key(key);
  json.begin_array();
  for (const std::string& text : texts) json.string(text);
  json.end_array();
}

// Only what a person looks into: failed and errored findings (the rest are counted).
void write_devices(JsonWriter& json, const ReportCollector& results) {
  json.key("devices");
  json.begin_array();
  for (const DeviceReport& d : results.devices()) {
    json.begin_object();
    json.field("name", d.name());
    json.field("vendor", d.vendor);
    json.field("status", enum_name(d.status));
    json.field("error", d.error);
    json.field("failed", d.failed);
    json.field("worst", d.worst ? enum_name(*d.worst) : std::string_view());
    json.key("findings");
    json.begin_array();
    for (const ReportFinding& f : d.findings) {
      if (f.status != Finding::Status::kFail && f.status != Finding::Status::kError) continue;
      json.begin_object();
      json.field("rule", uint64_t{f.rule});
      json.field("status", enum_name(f.status));
      json.key("lines");
      json.begin_array();
      for (uint32_t line : f.lines) json.number(uint64_t{line});
      json.end_array();
      write_texts(json, "evidence", f.evidence);
      write_texts(json, "missing", f.missing);
      write_texts(json, "extra", f.extra);
      write_texts(json, "commands", f.commands);
      json.end_object();
    }
    json.end_array();
    json.end_object();
  }
  json.end_array();
}

// JSON inside a <script> element ends at the first "</script": '<' only occurs inside JSON
// strings, where \u003c means the same character and cannot close the element.
std::string script_safe(std::string_view json) {
  std::string out;
  out.reserve(json.size());
  for (char c : json) c == '<' ? out.append("\\u003c") : out.append(1, c);
  return out;
}

}  // namespace

std::string html_report(const ReportCollector& results, std::string_view policy,
                        std::string_view generated) {
  const ReportTotals totals = results.totals();
  JsonWriter json;
  json.begin_object();
  json.field("tool", std::string_view("cfgsweep " CFGSWEEP_VERSION));
  json.field("generated", generated);
  json.field("policy", policy);
  write_run_counts(json, results, totals);
  write_rule_counts(json, results, totals);
  write_devices(json, results);
  json.end_object();

  std::string page(kHtmlReportPage);
  page.replace(page.find(kDataMarker), kDataMarker.size(), script_safe(json.view()));
  return page;
}

}  // namespace cfgsweep
