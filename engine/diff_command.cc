#include "engine/diff_command.h"

#include <rapidjson/document.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <sstream>

#include <cstdio>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>
#include <dtl/dtl.hpp>

#include "common/device_name.h"
#include "common/error.h"
#include "common/json_writer.h"
#include "common/result_record.h"
#include "common/terminal_text.h"
#include "parse/format_detect.h"
#include "parse/secret_redactor.h"
#include "policy/policy_evaluator.h"
#include "store/run_store.h"
#include "worker/config_input.h"
#include "worker/volatile_lines.h"

namespace cfgsweep {

namespace {

// What a diff needs of one result line.
struct ResultSummary {
  std::string source;
  std::string member;
  std::string device;
  ResultStatus status;
  std::string fingerprint;
  std::map<std::string, std::string> failed;  // rule -> severity
  std::string config_diff;    // for a changed device: the unified diff of its config, if read
  std::string stored_config;  // diff --store: the config the store kept, redacted as shown
};
// By device (and, for a fetched device, the command: `run` may fetch several per device),
// so that two runs over different directories, or dated backup folders, match.
using Run = std::map<std::string, ResultSummary>;

std::string key_of(const ResultSummary& r) {
  return r.source == r.device ? r.device + '\n' + r.member : r.device + '\n';
}

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
  // `fetch` lines name a device and no source.
  if (!doc.IsObject() || !doc.HasMember("status") ||
      (!doc.HasMember("source") && !doc.HasMember("device")))
    return std::unexpected(diff_error(
        ExitStatus::kUsage,
        fmt::format("{}:{}: not a cfgsweep result (a JSON object with source and status)", path,
                    number)));
  const bool fetched_line = !doc.HasMember("source");
  std::optional<ResultStatus> status = enum_from_name<ResultStatus>(text_of(doc, "status"));
  // A fetch status other than ok (timeout, auth_failed, ...) is a failure to read it.
  if (fetched_line)
    status = text_of(doc, "status") == "ok" ? ResultStatus::kOk : ResultStatus::kError;
  if (!status)
    return std::unexpected(diff_error(
        ExitStatus::kUsage,
        fmt::format("{}:{}: unknown status '{}'", path, number, text_of(doc, "status"))));
  ResultSummary r{doc.HasMember("source") ? text_of(doc, "source") : text_of(doc, "device"),
                  text_of(doc, "member"),
                  text_of(doc, "device"),
                  *status,
                  text_of(doc, "fingerprint"),
                  {},
                  {}};
  // Results written before results named their device: the default, from the file name.
  if (r.device.empty()) r.device = device_name(DeviceFrom::kName, r.source, r.member, false, "");
  if (auto findings = doc.FindMember("findings");
      findings != doc.MemberEnd() && findings->value.IsArray())
    for (const rapidjson::Value& f : findings->value.GetArray())
      if (enum_from_name<Finding::Status>(text_of(f, "status")) == Finding::Status::kFail)
        r.failed[text_of(f, "rule")] = text_of(f, "severity");
  return r;
}

// Adds one result to a run. Two results for one device (two folders holding edge1.cfg) are
// a warning; the later one is kept.
void add_to_run(ResultSummary r, const std::string& where, Run* run,
                std::vector<std::string>* warnings) {
  auto [at, added] = run->try_emplace(key_of(r), r);
  if (!added) {
    warnings->push_back(
        fmt::format("{}: a second result for device '{}' ({} and {}); "
                    "the later one is compared (see --device-from)",
                    where, r.device, at->second.source, r.source));
    at->second = std::move(r);
  }
}

// A run's results by device. A last line cut short (a run killed while writing) is a
// warning, not an error: the results before it still count.
Result<Run> read_run(const std::string& path, std::vector<std::string>* warnings) {
  std::ifstream in(path);
  if (!in)
    return std::unexpected(diff_error(ExitStatus::kNoInput, fmt::format("cannot read {}", path)));
  Run run;
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    if (line.empty()) continue;
    Result<ResultSummary> r = read_result(path, number, line);
    if (!r && in.eof()) {  // the last line, without its newline: cut short
      warnings->push_back(fmt::format(
          "{}:{}: the last line is incomplete (was the run killed?); its result is left out", path,
          number));
      break;
    }
    if (!r) return std::unexpected(r.error());
    add_to_run(std::move(*r), fmt::format("{}:{}", path, number), &run, warnings);
  }
  return run;
}

// A run of the run store, by device.
Result<Run> read_stored_run(RunStore& store, int64_t id, std::vector<std::string>* warnings) {
  auto lines = store.run_result_lines(id);
  if (!lines) return std::unexpected(lines.error());
  const std::string where = fmt::format("{} run {}", store.path(), id);
  Run run;
  for (std::size_t i = 0; i < lines->size(); ++i) {
    Result<ResultSummary> r = read_result(where, i + 1, (*lines)[i]);
    if (!r) return std::unexpected(r.error());
    add_to_run(std::move(*r), where, &run, warnings);
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

// How a changed config's lines are shown.
struct LineDiffOptions {
  bool show_secrets = false;
  VolatileLines volatile_lines;  // left out, as the fingerprint leaves them out
  RunStore* store = nullptr;     // diff --store: the configs are the store's
};

std::string unified_config_diff(ResultSummary& was, ResultSummary& now,
                                const LineDiffOptions& options);

Diff compare(Run& before, Run& after, const LineDiffOptions& options) {
  Diff d;
  for (auto& [key, now] : after) {
    auto old = before.find(key);
    if (old == before.end()) {
      d.added.push_back(&now);
      for (const auto& [rule, severity] : now.failed)
        d.new_findings.push_back({&now, rule, severity});
      continue;
    }
    ResultSummary& was = old->second;
    if (!now.fingerprint.empty() && !was.fingerprint.empty() &&
        now.fingerprint != was.fingerprint) {
      now.config_diff = unified_config_diff(was, now, options);
      d.changed.push_back(&now);
    }
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
  return r.source == r.device && !r.member.empty() ? r.device + " (" + r.member + ")" : r.device;
}

// The lines of the config file a result was made from, as the run read it: the file must
// still be a regular file (opened without blocking on a FIFO), at most 64 MiB, and hash to
// the result's fingerprint: a file changed or replaced since, or a
// source that was never a config (a crafted line naming /etc/shadow), shows no lines.
// Secrets are redacted unless --show-secrets; text of no known format is not shown then.
std::optional<std::vector<std::string>> config_lines(const ResultSummary& r, bool show_secrets,
                                                     const VolatileLines& volatile_lines) {
  constexpr uint64_t kMaxDiffBytes = 64 << 20;
  if (!r.stored_config.empty()) return volatile_lines.kept_lines(r.stored_config);
  if (!r.member.empty() || r.fingerprint.empty()) return std::nullopt;
  // As a worker reads a config: no FIFO or device, nothing past the size limit.
  ConfigInput input;
  std::string_view bytes;
  ResultError error;
  if (!input.load(r.source, kMaxDiffBytes, &bytes, &error)) return std::nullopt;
  std::string text(bytes);
  if (volatile_lines.fingerprint(text) != r.fingerprint) return std::nullopt;
  if (!show_secrets) {
    if (detect_format(text).format == ConfigFormat::kUnknown) return std::nullopt;
    text = redact_pem_blocks(redact_config_text(text));
  }
  return volatile_lines.kept_lines(text);  // what the fingerprint covers
}

// A unified diff (three lines of context) of a changed device's config, from the files
// both runs read, when they still exist: what changed, not only that something did.
// diff --store: the configs of a changed device from the store (secrets as the run kept
// them, redacted again unless --show-secrets).
void load_stored_configs(RunStore& store, ResultSummary* r, bool show_secrets) {
  auto config = store.config_by_fingerprint(r->fingerprint, show_secrets);
  if (!config || !*config) return;
  r->stored_config = (*config)->revealed && !show_secrets
                         ? redact_pem_blocks(redact_config_text((*config)->text))
                         : std::move((*config)->text);
}

// At least how many lines an edit script between the two has: the lines one has more often
// than the other (a multiset difference, linear). Myers' diff costs O((N+M)·D) in time:
// with D in the tens of thousands (a config replaced whole) it would take minutes.
std::size_t lines_that_differ(const std::vector<std::string>& a,
                              const std::vector<std::string>& b) {
  std::unordered_map<std::string_view, long> count;
  for (const std::string& line : a) ++count[line];
  for (const std::string& line : b) --count[line];
  std::size_t differ = 0;
  for (const auto& [line, n] : count) differ += static_cast<std::size_t>(n < 0 ? -n : n);
  return differ;
}

std::string unified_config_diff(ResultSummary& was, ResultSummary& now,
                                const LineDiffOptions& options) {
  constexpr std::size_t kMaxDifferingLines = 20000;
  if (options.store) {
    load_stored_configs(*options.store, &was, options.show_secrets);
    load_stored_configs(*options.store, &now, options.show_secrets);
  }
  auto before = config_lines(was, options.show_secrets, options.volatile_lines);
  auto after = config_lines(now, options.show_secrets, options.volatile_lines);
  if (!before || !after) return {};
  std::ostringstream out;
  out << "--- " << was.source << "\n+++ " << now.source << "\n";
  if (std::size_t differ = lines_that_differ(*before, *after); differ > kMaxDifferingLines) {
    out << "@@ " << differ << " lines differ: too many to show line by line @@\n";
    return out.str();
  }
  dtl::Diff<std::string, std::vector<std::string>> diff(*before, *after);
  diff.compose();
  diff.composeUnifiedHunks();
  diff.printUnifiedFormat(out);
  return out.str();
}

void write_configs(JsonWriter* json, std::string_view key,
                   const std::vector<const ResultSummary*>& list) {
  json->key(key);
  json->begin_array();
  for (const ResultSummary* r : list) {
    json->begin_object();
    json->field("device", r->device);
    json->field("source", r->source);
    if (!r->member.empty()) json->field("member", r->member);
    json->field("status", enum_name(r->status));
    if (!r->config_diff.empty()) json->field("diff", r->config_diff);
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
    json->field("device", f.config->device);
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
  for (const ResultSummary* r : d.added) out += fmt::format("  added    {}\n", name_of(*r));
  for (const ResultSummary* r : d.removed) out += fmt::format("  removed  {}\n", name_of(*r));
  for (const ResultSummary* r : d.changed) {
    out += fmt::format("  changed  {}\n", name_of(*r));
    std::size_t start = 0;
    while (start < r->config_diff.size()) {
      std::size_t end = r->config_diff.find('\n', start);
      if (end == std::string::npos) end = r->config_diff.size();
      out += fmt::format("    {}\n", std::string_view(r->config_diff).substr(start, end - start));
      start = end + 1;
    }
  }
  return terminal_safe(out);  // file names, rule ids and config lines from the runs compared
}

// With --fail-on: exit 1 when a new failing finding is at or above it.
bool fails_on(const Diff& d, const std::optional<Severity>& fail_on) {
  if (!fail_on) return false;
  return std::any_of(d.new_findings.begin(), d.new_findings.end(), [&](const FindingChange& f) {
    std::optional<Severity> s = enum_from_name<Severity>(f.severity);
    return s && *s >= *fail_on;
  });
}

// diff --store [OLD NEW]: two run ids, or the last two finished runs.
Result<std::pair<int64_t, int64_t>> stored_runs_to_compare(const RunOptions& options,
                                                           RunStore& store) {
  if (options.paths.size() == 2) {
    std::pair<int64_t, int64_t> ids;
    for (int i = 0; i < 2; ++i) {
      const std::string& text = options.paths[static_cast<std::size_t>(i)];
      int64_t id = 0;
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
      auto exists = ec == std::errc() && end == text.data() + text.size() ? store.run_exists(id)
                                                                          : Result<bool>(false);
      if (!exists) return std::unexpected(exists.error());
      if (!*exists)
        return std::unexpected(diff_error(
            ExitStatus::kUsage,
            fmt::format("'{}' is not a run of {} (see cfgsweep runs)", text, store.path())));
      (i == 0 ? ids.first : ids.second) = id;
    }
    return ids;
  }
  if (!options.paths.empty())
    return std::unexpected(
        diff_error(ExitStatus::kUsage, "with --store, give two run ids or none (the last two)"));
  auto last = store.last_finished_runs(2);
  if (!last) return std::unexpected(last.error());
  if (last->size() < 2)
    return std::unexpected(diff_error(
        ExitStatus::kNoInput,
        fmt::format("{} has {} finished run(s); diff needs two", store.path(), last->size())));
  return std::pair((*last)[0], (*last)[1]);
}

Result<std::pair<Run, Run>> read_runs(const RunOptions& options, std::optional<RunStore>* store,
                                      std::vector<std::string>* warnings) {
  if (options.store.empty()) {
    if (options.paths.size() != 2)
      return std::unexpected(diff_error(
          ExitStatus::kUsage, "give two runs' JSON Lines (OLD.jsonl NEW.jsonl), or --store DB"));
    auto before = read_run(options.paths[0], warnings);
    if (!before) return std::unexpected(before.error());
    auto after = read_run(options.paths[1], warnings);
    if (!after) return std::unexpected(after.error());
    return std::pair(std::move(*before), std::move(*after));
  }
  auto opened = RunStore::open(options.store, /*create=*/false);
  if (!opened) return std::unexpected(diff_error(opened.error().status, opened.error().message));
  store->emplace(std::move(*opened));
  auto ids = stored_runs_to_compare(options, **store);
  if (!ids) return std::unexpected(ids.error());
  auto before = read_stored_run(**store, ids->first, warnings);
  if (!before) return std::unexpected(before.error());
  auto after = read_stored_run(**store, ids->second, warnings);
  if (!after) return std::unexpected(after.error());
  return std::pair(std::move(*before), std::move(*after));
}

}  // namespace

Result<ExitStatus> run_diff(const RunOptions& options) {
  std::vector<std::string> warnings;
  std::optional<RunStore> store;
  auto runs = read_runs(options, &store, &warnings);
  if (!runs) {
    runs.error().command = "diff";
    return std::unexpected(runs.error());
  }
  Run& before = runs->first;
  Run& after = runs->second;
  for (const std::string& w : warnings)
    std::fprintf(stderr, "cfgsweep diff: warning: %s\n", terminal_safe(w).c_str());
  Result<VolatileLines> volatile_lines = VolatileLines::with_patterns(options.ignore_lines);
  if (!volatile_lines) return std::unexpected(volatile_lines.error());
  LineDiffOptions line_diff{options.show_secrets, std::move(*volatile_lines),
                            store ? &*store : nullptr};
  Diff d = compare(before, after, line_diff);  // points into before and after
  std::string out = options.diff_text ? as_text(d) : as_json(d);
  if (std::fwrite(out.data(), 1, out.size(), stdout) != out.size() || std::fflush(stdout) != 0)
    return std::unexpected(diff_error(ExitStatus::kIoError, "cannot write the output"));
  return fails_on(d, options.diff_fail_on) ? ExitStatus::kFindings : ExitStatus::kOk;
}

}  // namespace cfgsweep
