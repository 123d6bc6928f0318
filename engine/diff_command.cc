#include "engine/diff_command.h"

#include <rapidjson/document.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "common/error.h"
#include "common/json_writer.h"
#include "common/result_record.h"
#include "common/terminal_text.h"
#include "policy/policy_evaluator.h"

namespace cfgsweep {

namespace {

// What a diff needs of one result line.
struct ResultSummary {
  std::string source;
  std::string member;
  ResultStatus status;
  std::string fingerprint;
  std::map<std::string, std::string> failed;  // rule -> severity
};
using Run = std::map<std::string, ResultSummary>;  // by source and member

std::string text_of(const rapidjson::Value& object, const char* key) {
  auto member = object.FindMember(key);
  if (member == object.MemberEnd() || !member->value.IsString()) return {};
  return {member->value.GetString(), member->value.GetStringLength()};
}

Error diff_error(ExitStatus status, std::string message) {
  return Error{status, std::move(message), "diff"};
}

// One line of a run's JSON Lines; an error names the file and line of a line that is not
// a cfgsweep result.
Result<ResultSummary> read_result(const std::string& path, std::size_t number,
                                  const std::string& line) {
  rapidjson::Document doc;
  doc.Parse(line.data(), line.size());
  if (!doc.IsObject() || !doc.HasMember("source") || !doc.HasMember("status"))
    return std::unexpected(diff_error(
        ExitStatus::kUsage,
        fmt::format("{}:{}: not a cfgsweep result (a JSON object with source and status)", path,
                    number)));
  std::optional<ResultStatus> status = enum_from_name<ResultStatus>(text_of(doc, "status"));
  if (!status)
    return std::unexpected(diff_error(
        ExitStatus::kUsage,
        fmt::format("{}:{}: unknown status '{}'", path, number, text_of(doc, "status"))));
  ResultSummary r{
      text_of(doc, "source"), text_of(doc, "member"), *status, text_of(doc, "fingerprint"), {}};
  if (auto findings = doc.FindMember("findings");
      findings != doc.MemberEnd() && findings->value.IsArray())
    for (const rapidjson::Value& f : findings->value.GetArray())
      if (enum_from_name<Finding::Status>(text_of(f, "status")) == Finding::Status::kFail)
        r.failed[text_of(f, "rule")] = text_of(f, "severity");
  return r;
}

Result<Run> read_run(const std::string& path) {
  std::ifstream in(path);
  if (!in)
    return std::unexpected(diff_error(ExitStatus::kNoInput, fmt::format("cannot read {}", path)));
  Run run;
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    if (line.empty()) continue;
    Result<ResultSummary> r = read_result(path, number, line);
    if (!r) return std::unexpected(r.error());
    std::string key = r->source + '\n' + r->member;
    run[key] = std::move(*r);
  }
  return run;
}

struct FindingChange {
  const ResultSummary* config;
  std::string rule;
  std::string severity;
};

struct Diff {
  std::vector<const ResultSummary*> added, removed, changed, newly_failing, recovered;
  std::vector<FindingChange> new_findings, fixed_findings;
};

Diff compare(const Run& before, const Run& after) {
  Diff d;
  for (const auto& [key, now] : after) {
    auto old = before.find(key);
    if (old == before.end()) {
      d.added.push_back(&now);
      for (const auto& [rule, severity] : now.failed)
        d.new_findings.push_back({&now, rule, severity});
      continue;
    }
    const ResultSummary& was = old->second;
    if (!now.fingerprint.empty() && !was.fingerprint.empty() && now.fingerprint != was.fingerprint)
      d.changed.push_back(&now);
    const bool was_ok = was.status == ResultStatus::kOk, now_ok = now.status == ResultStatus::kOk;
    if (was_ok && !now_ok) d.newly_failing.push_back(&now);
    if (!was_ok && now_ok) d.recovered.push_back(&now);
    for (const auto& [rule, severity] : now.failed)
      if (!was.failed.contains(rule)) d.new_findings.push_back({&now, rule, severity});
    if (now.status != ResultStatus::kOk) continue;  // not checked this time: nothing was fixed
    for (const auto& [rule, severity] : was.failed)
      if (!now.failed.contains(rule)) d.fixed_findings.push_back({&now, rule, severity});
  }
  for (const auto& [key, was] : before)
    if (!after.contains(key)) d.removed.push_back(&was);
  return d;
}

std::string name_of(const ResultSummary& r) {
  return r.member.empty() ? r.source : r.source + ":" + r.member;
}

void write_configs(JsonWriter* json, std::string_view key,
                   const std::vector<const ResultSummary*>& list) {
  json->key(key);
  json->begin_array();
  for (const ResultSummary* r : list) {
    json->begin_object();
    json->field("source", r->source);
    if (!r->member.empty()) json->field("member", r->member);
    json->field("status", enum_name(r->status));
    json->end_object();
  }
  json->end_array();
}

void write_findings(JsonWriter* json, std::string_view key,
                    const std::vector<FindingChange>& list) {
  json->key(key);
  json->begin_array();
  for (const FindingChange& f : list) {
    json->begin_object();
    json->field("source", f.config->source);
    if (!f.config->member.empty()) json->field("member", f.config->member);
    json->field("rule", f.rule);
    json->field("severity", f.severity);
    json->end_object();
  }
  json->end_array();
}

std::string as_json(const Diff& d) {
  JsonWriter json;
  json.begin_object();
  json.key("summary");
  json.begin_object();
  json.field("new_findings", uint64_t{d.new_findings.size()});
  json.field("fixed_findings", uint64_t{d.fixed_findings.size()});
  json.field("added", uint64_t{d.added.size()});
  json.field("removed", uint64_t{d.removed.size()});
  json.field("changed", uint64_t{d.changed.size()});
  json.field("newly_failing", uint64_t{d.newly_failing.size()});
  json.field("recovered", uint64_t{d.recovered.size()});
  json.end_object();
  write_findings(&json, "new_findings", d.new_findings);
  write_findings(&json, "fixed_findings", d.fixed_findings);
  write_configs(&json, "added", d.added);
  write_configs(&json, "removed", d.removed);
  write_configs(&json, "changed", d.changed);
  write_configs(&json, "newly_failing", d.newly_failing);
  write_configs(&json, "recovered", d.recovered);
  json.end_object();
  return std::string(json.view()) + "\n";
}

std::string as_text(const Diff& d) {
  std::string out = fmt::format(
      "{} new findings, {} fixed; {} configs changed, {} added, {} removed, {} newly failing "
      "to parse, {} recovered\n",
      d.new_findings.size(), d.fixed_findings.size(), d.changed.size(), d.added.size(),
      d.removed.size(), d.newly_failing.size(), d.recovered.size());
  for (const FindingChange& f : d.new_findings)
    out += fmt::format("  new    {:<8} {}  {}\n", f.severity, f.rule, name_of(*f.config));
  for (const FindingChange& f : d.fixed_findings)
    out += fmt::format("  fixed  {:<8} {}  {}\n", f.severity, f.rule, name_of(*f.config));
  for (const ResultSummary* r : d.newly_failing)
    out += fmt::format("  failing now: {} ({})\n", name_of(*r), enum_name(r->status));
  return terminal_safe(out);  // file names and rule ids from the runs compared
}

}  // namespace

Result<ExitStatus> run_diff(const RunOptions& options) {
  const Result<Run> before = read_run(options.paths.at(0));
  if (!before) return std::unexpected(before.error());
  const Result<Run> after = read_run(options.paths.at(1));
  if (!after) return std::unexpected(after.error());
  Diff d = compare(*before, *after);  // points into before and after
  std::string out = options.diff_text ? as_text(d) : as_json(d);
  if (std::fwrite(out.data(), 1, out.size(), stdout) != out.size() || std::fflush(stdout) != 0)
    return std::unexpected(diff_error(ExitStatus::kIoError, "cannot write the output"));
  return ExitStatus::kOk;
}

}  // namespace cfgsweep
