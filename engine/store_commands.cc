#include "engine/store_commands.h"

#include <charconv>
#include <cstdio>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include <fmt/format.h>
#include <rapidjson/document.h>

#include "common/fd.h"
#include "common/json_writer.h"
#include "common/terminal_text.h"
#include "parse/secret_redactor.h"
#include "store/run_store.h"

namespace cfgsweep {

namespace {

Error command_error(const char* command, Error e) {
  e.command = command;
  return e;
}

Result<RunStore> open_store(const RunOptions& options, const char* command) {
  if (options.store.empty())
    return std::unexpected(
        Error{ExitStatus::kUsage, "which store? give --store DB (or set CFGSWEEP_STORE)", command});
  auto store = RunStore::open(options.store, /*create=*/false);
  if (!store) return std::unexpected(command_error(command, store.error()));
  return store;
}

Result<ExitStatus> write_out(const std::string& text, const char* command) {
  if (!write_all(STDOUT_FILENO, text))
    return std::unexpected(Error{ExitStatus::kIoError,
                                 fmt::format("cannot write the output: {}", errno_text(errno)),
                                 command});
  return ExitStatus::kOk;
}

// A JSON value read back from the store, written as it is when it is JSON; as a string when
// it is not (a damaged or hand-edited database must not break the output or add keys).
void stored_json(std::string_view text, JsonWriter* json) {
  rapidjson::Document doc;
  doc.Parse(text.data(), text.size());
  if (doc.HasParseError() || !(doc.IsArray() || doc.IsObject()))
    json->string(text);
  else
    json->raw(text);
}

void write_run_json(const RunStore::RunRow& r, JsonWriter* json) {
  json->begin_object();
  json->field("id", static_cast<uint64_t>(r.id));
  json->field("command", r.command);
  json->key("argv");
  stored_json(r.argv, json);
  json->field("version", r.version);
  json->key("policy_hash");
  r.policy_hash.empty() ? json->null() : json->string(r.policy_hash);
  json->field("started_at", r.started_at);
  json->key("ended_at");
  r.ended_at.empty() ? json->null() : json->string(r.ended_at);
  json->field("finished", r.finished);
  json->key("exit_code");
  r.exit_code ? json->number(*r.exit_code) : json->null();
  json->field("resumed", static_cast<uint64_t>(r.resumed));
  json->key("counts");
  json->begin_object();
  json->field("inputs", static_cast<uint64_t>(r.totals.inputs));
  json->field("ok", static_cast<uint64_t>(r.totals.ok));
  json->field("failed", static_cast<uint64_t>(r.totals.failed));
  json->field("skipped", static_cast<uint64_t>(r.totals.skipped));
  json->field("reused", static_cast<uint64_t>(r.totals.reused));
  json->field("failed_findings", static_cast<uint64_t>(r.totals.failed_findings));
  json->end_object();
  json->end_object();
}

std::string run_text(const RunStore::RunRow& r) {
  std::string state =
      r.finished ? fmt::format("exit {}", r.exit_code.value_or(0)) : std::string("unfinished");
  return fmt::format(
      "{:>5}  {}  {:<5}  {:<10}  {} inputs, {} ok, {} failed, {} reused, {} "
      "failed findings{}\n",
      r.id, r.started_at, r.command, state, r.totals.inputs, r.totals.ok, r.totals.failed,
      r.totals.reused, r.totals.failed_findings,
      r.resumed ? fmt::format(" (resumed {}x)", r.resumed) : "");
}

// A device's history: its config changes and its findings' intervals.
struct DeviceHistory {
  std::vector<RunStore::ConfigChange> changes;
  std::vector<RunStore::FindingInterval> findings;
};
using HistoryKey = std::pair<std::string, std::string>;  // device, command

void write_history_json(const HistoryKey& key, const DeviceHistory& h, JsonWriter* json) {
  json->begin_object();
  json->field("device", key.first);
  if (!key.second.empty()) json->field("command", key.second);
  json->key("configs");
  json->begin_array();
  std::string last_fingerprint;
  for (std::size_t i = 0; i < h.changes.size(); ++i) {
    const RunStore::ConfigChange& c = h.changes[i];
    json->begin_object();
    json->field("run", static_cast<uint64_t>(c.run));
    json->field("at", c.at);
    json->field("status", c.status);
    json->key("fingerprint");
    c.fingerprint.empty() ? json->null() : json->string(c.fingerprint);
    const char* change = i == 0                                                        ? "first"
                         : c.fingerprint != last_fingerprint && !c.fingerprint.empty() ? "changed"
                                                                                       : "status";
    json->field("change", std::string_view(change));
    json->end_object();
    if (!c.fingerprint.empty()) last_fingerprint = c.fingerprint;
  }
  json->end_array();
  json->key("findings");
  json->begin_array();
  for (const RunStore::FindingInterval& f : h.findings) {
    json->begin_object();
    json->field("rule", f.rule);
    json->field("severity", f.severity);
    json->field("message", f.message);
    json->field("first_seen", static_cast<uint64_t>(f.first_seen));
    json->field("last_seen", static_cast<uint64_t>(f.last_seen));
    json->key("cleared_in");
    f.cleared_in ? json->number(*f.cleared_in) : json->null();
    json->key("evidence");
    stored_json(f.evidence, json);
    json->end_object();
  }
  json->end_array();
  json->end_object();
}

std::string history_text(const HistoryKey& key, const DeviceHistory& h) {
  std::string out =
      key.second.empty() ? key.first + "\n" : fmt::format("{} ({})\n", key.first, key.second);
  std::string last_fingerprint;
  for (std::size_t i = 0; i < h.changes.size(); ++i) {
    const RunStore::ConfigChange& c = h.changes[i];
    std::string what = i == 0 ? "first seen"
                       : c.fingerprint != last_fingerprint && !c.fingerprint.empty()
                           ? "config changed"
                           : "status";
    out += fmt::format("  run {:>4}  {}  {} ({})\n", c.run, c.at, what, c.status);
    if (!c.fingerprint.empty()) last_fingerprint = c.fingerprint;
  }
  for (const RunStore::FindingInterval& f : h.findings) {
    std::string span = f.first_seen == f.last_seen
                           ? fmt::format("run {}", f.first_seen)
                           : fmt::format("runs {}-{}", f.first_seen, f.last_seen);
    std::string end =
        f.cleared_in ? fmt::format(", cleared in run {}", *f.cleared_in) : std::string(", open");
    out += fmt::format("  finding {} ({}): {}{}\n", f.rule, f.severity, span, end);
  }
  return out;
}

}  // namespace

Result<ExitStatus> run_runs(const RunOptions& options) {
  auto store = open_store(options, "runs");
  if (!store) return std::unexpected(store.error());
  auto runs = store->runs();
  if (!runs) return std::unexpected(command_error("runs", runs.error()));
  std::string out;
  JsonWriter json;
  for (const RunStore::RunRow& r : *runs) {
    if (options.diff_text) {
      out += run_text(r);
      continue;
    }
    json.reset();
    write_run_json(r, &json);
    out += fmt::format("{}\n", json.view());
  }
  return write_out(options.diff_text ? terminal_safe(out) : out, "runs");
}

Result<ExitStatus> run_history(const RunOptions& options) {
  auto store = open_store(options, "history");
  if (!store) return std::unexpected(store.error());
  const std::string device = options.paths.empty() ? std::string() : options.paths.front();
  std::map<HistoryKey, DeviceHistory> devices;
  if (options.rule.empty()) {
    auto changes = store->config_changes(device);
    if (!changes) return std::unexpected(command_error("history", changes.error()));
    for (RunStore::ConfigChange& c : *changes)
      devices[{c.device, c.command}].changes.push_back(std::move(c));
  }
  auto findings = store->finding_intervals(device, options.rule);
  if (!findings) return std::unexpected(command_error("history", findings.error()));
  for (RunStore::FindingInterval& f : *findings)
    devices[{f.device, f.command}].findings.push_back(std::move(f));
  if (devices.empty() && !device.empty())
    return std::unexpected(Error{
        ExitStatus::kUsage,
        fmt::format(
            "no device '{}' in {}{}", device, options.store,
            options.rule.empty() ? "" : fmt::format(" with a finding of rule '{}'", options.rule)),
        "history"});
  std::string out;
  JsonWriter json;
  for (const auto& [key, history] : devices) {
    if (options.diff_text) {
      out += history_text(key, history);
      continue;
    }
    json.reset();
    write_history_json(key, history, &json);
    out += fmt::format("{}\n", json.view());
  }
  return write_out(options.diff_text ? terminal_safe(out) : out, "history");
}

Result<std::string> stored_config_for_show(const RunOptions& options, std::string* label) {
  const std::string& spec = options.paths.front();
  const auto at = spec.rfind('@');
  if (at == std::string::npos || at == 0 || at + 1 == spec.size())
    return std::unexpected(Error{ExitStatus::kUsage,
                                 fmt::format("'{}': with --store, name DEVICE@RUN (a run id from "
                                             "`cfgsweep runs`, or last)",
                                             spec),
                                 "show"});
  auto store = open_store(options, "show");
  if (!store) return std::unexpected(store.error());
  // DEVICE may name a fetched device's command: "edge1:show version".
  std::string device = spec.substr(0, at), command;
  const std::string run_text = spec.substr(at + 1);
  std::optional<int64_t> run;  // unset: `last`, the latest run with a config of the device
  if (run_text != "last") {
    int64_t id = 0;
    auto [end, ec] = std::from_chars(run_text.data(), run_text.data() + run_text.size(), id);
    run = ec == std::errc() && end == run_text.data() + run_text.size() ? id : -1;
  }
  int64_t found_run = 0;
  auto config = store->config_of(device, command, run, options.show_secrets, &found_run);
  if (config && !*config && device.find(':') != std::string::npos) {
    command = device.substr(device.find(':') + 1);
    device.resize(device.find(':'));
    config = store->config_of(device, command, run, options.show_secrets, &found_run);
  }
  if (!config) return std::unexpected(command_error("show", config.error()));
  if (!*config)
    return std::unexpected(Error{ExitStatus::kUsage,
                                 fmt::format("{} has no config of '{}' in run '{}' (see "
                                             "`cfgsweep history {}`)",
                                             options.store, spec.substr(0, at), run_text, device),
                                 "show"});
  *label = fmt::format("{}@{}", device, found_run);
  // Kept in clear by a run with --show-secrets: shown so only with it again.
  if ((*config)->revealed && !options.show_secrets)
    return redact_pem_blocks(redact_config_text((*config)->text));
  return std::move((*config)->text);
}

}  // namespace cfgsweep
