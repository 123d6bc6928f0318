#include "engine/report/report_collector.h"

#include <algorithm>
#include <tuple>

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
    if (text.IsString()) {
      texts.emplace_back(text.GetString(), text.GetStringLength());
    } else if (text.IsObject()) {  // evidence pieces: {"line": N or null, "text": "..."}
      auto t = text.FindMember("text");
      if (t != text.MemberEnd() && t->value.IsString())
        texts.emplace_back(t->value.GetString(), t->value.GetStringLength());
    }
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
  // The workers wrote these names; anything else would be a bug, counted as an error.
  device.status =
      enum_from_name<ResultStatus>(text_of(doc, "status")).value_or(ResultStatus::kError);
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
      ReportFinding finding{
          rule->second,
          enum_from_name<Finding::Status>(text_of(f, "status")).value_or(Finding::Status::kError),
          {},
          {}};
      if (auto lines = f.FindMember("lines"); lines != f.MemberEnd() && lines->value.IsArray())
        for (const rapidjson::Value& line : lines->value.GetArray())
          if (line.IsUint()) finding.lines.push_back(line.GetUint());
      // All the pieces only where a person looks (failed and errored findings): the
      // collector holds every finding of the run, a hundred thousand configs' worth.
      bool shown =
          finding.status == Finding::Status::kFail || finding.status == Finding::Status::kError;
      finding.evidence = texts_of(f, "evidence", shown ? kReportPieces : 1);
      if (shown) {
        finding.missing = texts_of(f, "missing", kReportPieces);
        finding.extra = texts_of(f, "extra", kReportPieces);
        finding.commands = texts_of(f, "commands", 200);
      }
      if (finding.status == Finding::Status::kFail) {
        ++device.failed;
        Severity severity = rules_[rule->second].severity;
        if (!device.worst || severity > *device.worst) device.worst = severity;
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
    ++totals.by_status[std::string(enum_name(d.status))];
    if (d.status == ResultStatus::kOk && d.failed == 0) ++totals.compliant;
    for (const ReportFinding& f : d.findings) {
      ReportTotals::RuleCounts& c = totals.by_rule[f.rule];
      using Status = Finding::Status;
      (f.status == Status::kPass    ? c.pass
       : f.status == Status::kFail  ? c.fail
       : f.status == Status::kError ? c.error
                                    : c.not_applicable)++;
      if (f.status == Finding::Status::kFail)
        ++totals.failed_by_severity[static_cast<int>(rules_[f.rule].severity)];
    }
  }
  return totals;
}

void ReportCollector::sort_devices() {
  std::stable_sort(devices_.begin(), devices_.end(),
                   [](const DeviceReport& a, const DeviceReport& b) {
                     return std::tie(a.source, a.member) < std::tie(b.source, b.member);
                   });
}

}  // namespace cfgsweep
