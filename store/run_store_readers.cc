#include "store/run_store.h"

#include <fmt/format.h>

#include "store/result_facts.h"

// The run store's readers (`runs`, `history`, `show`, `diff --store`); the schema and the
// writer are in run_store.cc.

namespace cfgsweep {

Result<std::vector<RunStore::RunRow>> RunStore::runs() {
  auto select = db_.prepare(
      "SELECT id, command, argv, version, policy_hash, started_at, coalesce(ended_at, ''), "
      "finished, exit_code, resumed, inputs, ok, failed, skipped, reused, failed_findings "
      "FROM runs ORDER BY id");
  if (!select) return std::unexpected(select.error());
  std::vector<RunRow> rows;
  auto walked = for_each_row(*select, [&]() -> Result<> {
    RunRow r;
    r.id = select->integer(0);
    r.command = select->text(1);
    r.argv = select->text(2);
    r.version = select->text(3);
    r.policy_hash = select->text(4);
    r.started_at = select->text(5);
    r.ended_at = select->text(6);
    r.finished = select->integer(7) != 0;
    if (!select->is_null(8)) r.exit_code = select->integer(8);
    r.resumed = select->integer(9);
    r.totals = {select->integer(10), select->integer(11), select->integer(12),
                select->integer(13), select->integer(14), select->integer(15)};
    rows.push_back(std::move(r));
    return {};
  });
  if (!walked) return std::unexpected(walked.error());
  return rows;
}

Result<std::vector<int64_t>> RunStore::last_finished_runs(int count) {
  auto select = db_.prepare(
      "SELECT id FROM runs WHERE finished = 1 AND command = (SELECT command FROM runs "
      "WHERE finished = 1 ORDER BY id DESC LIMIT 1) ORDER BY id DESC LIMIT ?");
  if (!select) return std::unexpected(select.error());
  select->bind(1, int64_t{count});
  std::vector<int64_t> ids;
  auto walked = for_each_row(*select, [&]() -> Result<> {
    ids.insert(ids.begin(), select->integer(0));
    return {};
  });
  if (!walked) return std::unexpected(walked.error());
  return ids;
}

Result<bool> RunStore::run_exists(int64_t run) {
  auto select = db_.prepare("SELECT 1 FROM runs WHERE id = ?");
  if (!select) return std::unexpected(select.error());
  select->bind(1, run);
  return select->step();
}

Result<std::vector<std::string>> RunStore::run_result_lines(int64_t run) {
  auto stored = results_of_run(run);
  if (!stored) return std::unexpected(stored.error());
  std::vector<std::string> lines;
  for (StoredResult& r : *stored) lines.push_back(std::move(r.json));
  return lines;
}

Result<RunStore::RunInfo> RunStore::run_info(int64_t run) {
  auto select = db_.prepare(
      "SELECT command, argv, version, settings_hash, policy_hash FROM runs WHERE id = ?");
  if (!select) return std::unexpected(select.error());
  select->bind(1, run);
  auto row = select->step();
  if (!row) return std::unexpected(row.error());
  if (!*row) return make_error(ExitStatus::kNoInput, fmt::format("{}: no run {}", db_.path(), run));
  return RunInfo{select->text(0), select->text(1), select->text(2), select->text(3),
                 select->text(4)};
}

Result<> RunStore::for_each_result(int64_t run,
                                   const std::function<Result<>(ExportedResult&)>& row) {
  auto select = db_.prepare(
      "SELECT rr.source, rr.member, coalesce(r.json, rr.json), rr.fingerprint, rr.layout, "
      "rr.reused, c.content, v.content FROM run_results rr "
      "LEFT JOIN results r ON r.id = rr.result_id "
      "LEFT JOIN configs c ON c.fingerprint = rr.fingerprint AND c.revealed = 0 "
      "LEFT JOIN configs v ON v.fingerprint = rr.fingerprint AND v.revealed = 1 "
      "WHERE rr.run_id = ?");
  if (!select) return std::unexpected(select.error());
  select->bind(1, run);
  return for_each_row(*select, [&]() -> Result<> {
    auto json = decompressed(select->blob(2), db_.path());
    if (!json) return std::unexpected(json.error());
    ResultFacts input;
    input.source = select->text(0);
    input.member = select->text(1);
    ExportedResult result;
    result.reused = select->integer(5) != 0;
    // A fetch's line names its device, not a source: it is kept as it was.
    result.json = input.source.empty() ? *json : reissued_result(*json, input, result.reused);
    if (result.json.empty())
      return make_error(ExitStatus::kIoError,
                        fmt::format("{}: a stored result of run {} is damaged", db_.path(), run));
    result.fingerprint = select->text(3);
    result.layout = select->integer(4);
    if (!select->is_null(6)) result.config_zstd = select->blob(6);
    if (!select->is_null(7)) result.revealed_zstd = select->blob(7);
    return row(result);
  });
}

Result<std::optional<RunStore::StoredConfig>> RunStore::config_by_fingerprint(
    const std::string& fingerprint, bool prefer_revealed) {
  // The redacted copy first, unless the reader asked for secrets (and a run kept them).
  auto select = db_.prepare(fmt::format(
      "SELECT content, revealed FROM configs WHERE fingerprint = ? ORDER BY revealed {} LIMIT 1",
      prefer_revealed ? "DESC" : "ASC"));
  if (!select) return std::unexpected(select.error());
  select->bind(1, fingerprint);
  auto row = select->step();
  if (!row) return std::unexpected(row.error());
  if (!*row) return std::optional<StoredConfig>();
  auto text = decompressed(select->blob(0), db_.path());
  if (!text) return std::unexpected(text.error());
  return std::optional<StoredConfig>(StoredConfig{std::move(*text), select->integer(1) != 0});
}

Result<std::optional<RunStore::StoredConfig>> RunStore::config_of(const std::string& device,
                                                                  const std::string& command,
                                                                  std::optional<int64_t> run,
                                                                  bool prefer_revealed,
                                                                  int64_t* found_run) {
  // RUN unset: the latest run that has a config of the device.
  auto select = db_.prepare(
      "SELECT rr.fingerprint, rr.run_id FROM run_results rr JOIN devices d "
      "ON d.id = rr.device_id WHERE (?1 IS NULL OR rr.run_id = ?1) AND d.name = ?2 "
      "AND (?3 = '' OR d.command = ?3) AND rr.fingerprint != '' "
      "ORDER BY rr.run_id DESC, d.command LIMIT 1");
  if (!select) return std::unexpected(select.error());
  select->bind(1, run).bind(2, device).bind(3, command);
  auto row = select->step();
  if (!row) return std::unexpected(row.error());
  if (!*row) return std::optional<StoredConfig>();
  *found_run = select->integer(1);
  return config_by_fingerprint(select->text(0), prefer_revealed);
}

Result<std::vector<RunStore::ConfigChange>> RunStore::config_changes(const std::string& device) {
  auto select = db_.prepare(
      "SELECT d.name, d.command, rr.run_id, r.started_at, rr.status, rr.fingerprint "
      "FROM run_results rr JOIN devices d ON d.id = rr.device_id JOIN runs r ON r.id = rr.run_id "
      "WHERE ?1 = '' OR d.name = ?1 ORDER BY d.name, d.command, rr.run_id");
  if (!select) return std::unexpected(select.error());
  select->bind(1, device);
  std::vector<ConfigChange> changes;
  auto walked = for_each_row(*select, [&]() -> Result<> {
    ConfigChange c{select->text(0), select->text(1), select->integer(2),
                   select->text(3), select->text(4), select->text(5)};
    // Only what differs from the device's run before: its first run, a new fingerprint, a
    // new status.
    if (!changes.empty()) {
      const ConfigChange& last = changes.back();
      if (last.device == c.device && last.command == c.command && last.status == c.status &&
          (c.fingerprint.empty() || last.fingerprint == c.fingerprint))
        return {};
    }
    changes.push_back(std::move(c));
    return {};
  });
  if (!walked) return std::unexpected(walked.error());
  return changes;
}

Result<std::vector<RunStore::FindingInterval>> RunStore::finding_intervals(
    const std::string& device, const std::string& rule) {
  auto select = db_.prepare(
      "SELECT d.name, d.command, f.rule, f.severity, f.message, f.evidence, f.first_seen, "
      "f.last_seen, (SELECT min(rr.run_id) FROM run_results rr WHERE rr.run_id > f.last_seen "
      "AND rr.device_id = f.device_id AND rr.status = 'ok') "
      "FROM findings f JOIN devices d ON d.id = f.device_id "
      "WHERE (?1 = '' OR d.name = ?1) AND (?2 = '' OR f.rule = ?2) "
      "ORDER BY d.name, d.command, f.rule, f.first_seen");
  if (!select) return std::unexpected(select.error());
  select->bind(1, device).bind(2, rule);
  std::vector<FindingInterval> intervals;
  auto walked = for_each_row(*select, [&]() -> Result<> {
    FindingInterval f{select->text(0),    select->text(1),    select->text(2),
                      select->text(3),    select->text(4),    select->text(5),
                      select->integer(6), select->integer(7), std::nullopt};
    if (!select->is_null(8)) f.cleared_in = select->integer(8);
    intervals.push_back(std::move(f));
    return {};
  });
  if (!walked) return std::unexpected(walked.error());
  return intervals;
}

}  // namespace cfgsweep
