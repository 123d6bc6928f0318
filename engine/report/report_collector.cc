#include "engine/report/report_collector.h"

#include <rapidjson/document.h>

namespace cfgsweep {

namespace {

std::string text_of(const rapidjson::Value& object, const char* key) {
  auto member = object.FindMember(key);
  if (member == object.MemberEnd() || !member->value.IsString()) return {};
  return {member->value.GetString(), member->value.GetStringLength()};
}

// The first `most` strings of an array member.
std::vector<std::string> texts_of(const rapidjson::Value& object, const char* key,
                                  std::size_t most) {
  std::vector<std::string> texts;
  auto member = object.FindMember(key);
  if (member == object.MemberEnd() || !member->value.IsArray()) return texts;
  for (const rapidjson::Value& text : member->value.GetArray()) {
    if (texts.size() == most) break;
    if (text.IsString()) texts.emplace_back(text.GetString(), text.GetStringLength());
  }
  return texts;
}

}  // namespace

ReportCollector::ReportCollector(const Policy& policy) {
  for (const Rule& rule : policy.rules) {
    rule_index_.emplace(rule.id, rules_.size());
    rules_.push_back({rule.id, rule.severity, rule.message, rule.remediation, rule.source});
  }
}

void ReportCollector::add(std::string_view result_json) {
  rapidjson::Document doc;
  doc.Parse(result_json.data(), result_json.size());
  if (!doc.IsObject()) return;
  DeviceReport device;
  device.source = text_of(doc, "source");
  device.member = text_of(doc, "member");
  device.vendor = text_of(doc, "vendor");
  device.status = text_of(doc, "status");
  if (auto errors = doc.FindMember("errors");
      errors != doc.MemberEnd() && errors->value.IsArray() && !errors->value.Empty()) {
    const rapidjson::Value& first = errors->value[0];
    device.error = text_of(first, "code") + ": " + text_of(first, "message");
  }
  if (auto findings = doc.FindMember("findings");
      findings != doc.MemberEnd() && findings->value.IsArray()) {
    for (const rapidjson::Value& f : findings->value.GetArray()) {
      auto rule = rule_index_.find(text_of(f, "rule"));
      if (rule == rule_index_.end()) continue;
      ReportFinding finding{rule->second, text_of(f, "status"), {}, {}};
      if (auto lines = f.FindMember("lines"); lines != f.MemberEnd() && lines->value.IsArray())
        for (const rapidjson::Value& line : lines->value.GetArray())
          if (line.IsUint()) finding.lines.push_back(line.GetUint());
      // All the pieces only where a person looks (failed and errored findings): the
      // collector holds every finding of the run, a hundred thousand configs' worth.
      bool shown = finding.status == "fail" || finding.status == "error";
      finding.evidence = texts_of(f, "evidence", shown ? kReportPieces : 1);
      if (shown) {
        finding.missing = texts_of(f, "missing", kReportPieces);
        finding.extra = texts_of(f, "extra", kReportPieces);
      }
      if (finding.status == "fail") {
        ++device.failed;
        Severity severity = rules_[rule->second].severity;
        if (device.worst.empty() || severity > *severity_from_name(device.worst))
          device.worst = std::string(severity_name(severity));
      }
      device.findings.push_back(std::move(finding));
    }
  }
  devices_.push_back(std::move(device));
}

ReportTotals ReportCollector::totals() const {
  ReportTotals totals;
  totals.by_rule.resize(rules_.size());
  for (const DeviceReport& d : devices_) {
    ++totals.by_status[d.status];
    if (d.status == "ok" && d.failed == 0) ++totals.compliant;
    for (const ReportFinding& f : d.findings) {
      ReportTotals::RuleCounts& c = totals.by_rule[f.rule];
      (f.status == "pass"    ? c.pass
       : f.status == "fail"  ? c.fail
       : f.status == "error" ? c.error
                             : c.not_applicable)++;
      if (f.status == "fail")
        ++totals.failed_by_severity[static_cast<int>(rules_[f.rule].severity)];
    }
  }
  return totals;
}

}  // namespace cfgsweep
