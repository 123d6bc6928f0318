#include "store/run_store.h"

#include <algorithm>

#include <fmt/format.h>

#include "common/compression.h"

namespace cfgsweep {

namespace {

// The schema (docs/store.md). Configs and results are content-addressed: a night where 1%
// of the configs changed adds 1% of their size, plus one small row per device.
constexpr std::string_view kSchema = R"sql(
PRAGMA application_id = 1667658615;  -- 'cfsw'
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT OR IGNORE INTO meta VALUES ('schema_version', '1');
CREATE TABLE IF NOT EXISTS runs (
  id INTEGER PRIMARY KEY,
  command TEXT NOT NULL,
  argv TEXT NOT NULL,
  version TEXT NOT NULL,
  settings_hash TEXT NOT NULL,
  policy_hash TEXT NOT NULL,
  started_at TEXT NOT NULL,
  ended_at TEXT,
  finished INTEGER NOT NULL DEFAULT 0,
  exit_code INTEGER,
  resumed INTEGER NOT NULL DEFAULT 0,
  inputs INTEGER NOT NULL DEFAULT 0,
  ok INTEGER NOT NULL DEFAULT 0,
  failed INTEGER NOT NULL DEFAULT 0,
  skipped INTEGER NOT NULL DEFAULT 0,
  reused INTEGER NOT NULL DEFAULT 0,
  failed_findings INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS devices (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  command TEXT NOT NULL DEFAULT '',
  last_checked_run INTEGER NOT NULL DEFAULT 0,
  previous_checked_run INTEGER NOT NULL DEFAULT 0,
  UNIQUE (name, command)
);
CREATE TABLE IF NOT EXISTS configs (
  id INTEGER PRIMARY KEY,
  fingerprint TEXT NOT NULL,
  revealed INTEGER NOT NULL,
  size INTEGER NOT NULL,
  content BLOB NOT NULL,
  UNIQUE (fingerprint, revealed)
);
CREATE TABLE IF NOT EXISTS results (
  id INTEGER PRIMARY KEY,
  device_id INTEGER NOT NULL REFERENCES devices(id),
  fingerprint TEXT NOT NULL,
  layout INTEGER NOT NULL,
  settings_hash TEXT NOT NULL,
  json BLOB NOT NULL,
  UNIQUE (device_id, fingerprint, layout, settings_hash)
);
CREATE TABLE IF NOT EXISTS run_results (
  run_id INTEGER NOT NULL REFERENCES runs(id),
  device_id INTEGER NOT NULL REFERENCES devices(id),
  source TEXT NOT NULL,
  member TEXT NOT NULL,
  status TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  layout INTEGER NOT NULL,
  result_id INTEGER REFERENCES results(id),
  json BLOB,
  failed_findings INTEGER NOT NULL,
  worst TEXT NOT NULL,
  reused INTEGER NOT NULL,
  PRIMARY KEY (run_id, device_id, source, member)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS findings (
  id INTEGER PRIMARY KEY,
  device_id INTEGER NOT NULL REFERENCES devices(id),
  rule TEXT NOT NULL,
  severity TEXT NOT NULL,
  message TEXT NOT NULL,
  evidence TEXT NOT NULL,
  first_seen INTEGER NOT NULL REFERENCES runs(id),
  last_seen INTEGER NOT NULL REFERENCES runs(id)
);
CREATE INDEX IF NOT EXISTS findings_by_device ON findings (device_id, rule, last_seen);
)sql";

constexpr std::string_view kSchemaVersion = "1";
// A run older than this is not continued by --resume: its results are not tonight's.
constexpr double kMaxResumeHours = 20;

constexpr std::string_view kNow = "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')";

// The statements add_result() runs for every result, prepared once.
enum StatementId {
  kInsertDevice,
  kSelectDevice,
  kUpdateDevice,
  kInsertConfig,
  kSelectResult,
  kInsertResult,
  kInsertRunResult,
  kExtendFinding,
  kInsertFinding,
  kExtendFindings,
  kCountFindings,
  kStatementCount
};

}  // namespace

Result<std::string> RunStore::decompressed(const std::string& blob, const std::string& where) {
  auto text = zstd_decompress(blob);
  if (!text)
    return make_error(ExitStatus::kIoError, fmt::format("{}: a damaged entry (not zstd)", where));
  return *text;
}

Result<RunStore> RunStore::open(const std::string& path, bool create) {
  bool narrowed = false;
  auto db = Database::open(path, create, &narrowed);
  if (!db) return std::unexpected(db.error());
  RunStore store(std::move(*db));
  store.narrowed_ = narrowed;
  store.reader_ = !create;
  if (auto ours = store.check_kind(); !ours) return std::unexpected(ours.error());
  if (create) {
    // WAL: readers (`runs`, `history`) never block the writer; NORMAL: a commit survives the
    // process being killed, and a power loss loses at most the last commits, never the file.
    if (auto wal = store.db_.execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"); !wal)
      return std::unexpected(wal.error());
    if (auto made = store.create_schema(); !made) return std::unexpected(made.error());
  }
  store.statements_.resize(kStatementCount);
  return store;
}

// A cfgsweep store of this schema, or (for the writer) an empty file: never tables of
// another program's database, nor a store of a newer cfgsweep.
Result<> RunStore::check_kind() {
  auto tables = db_.prepare("SELECT count(*), sum(name = 'meta') FROM sqlite_master");
  if (!tables)
    return make_error(ExitStatus::kUsage,
                      fmt::format("{} is not an SQLite database (nor an empty file)", path()));
  auto row = tables->step();
  if (!row)
    return make_error(ExitStatus::kUsage,
                      fmt::format("{} is not an SQLite database: {}", path(), row.error().message));
  const int64_t count = tables->integer(0), has_meta = tables->integer(1);
  if (count == 0 && reader_)
    return make_error(
        ExitStatus::kNoInput,
        fmt::format("{} holds no runs (an empty file, not a cfgsweep store)", path()));
  if (count == 0) return {};  // new: the writer makes the tables
  if (has_meta == 0)
    return make_error(ExitStatus::kUsage,
                      fmt::format("{} is an SQLite database of something else, not a cfgsweep "
                                  "store",
                                  path()));
  auto version = db_.prepare("SELECT value FROM meta WHERE key = 'schema_version'");
  if (!version) return std::unexpected(version.error());
  auto found = version->step();
  if (!found) return std::unexpected(found.error());
  if (!*found || version->text(0) != kSchemaVersion)
    return make_error(ExitStatus::kUsage,
                      fmt::format("{} is a cfgsweep store of schema {}, this cfgsweep reads "
                                  "schema {}",
                                  path(), *found ? version->text(0) : "?", kSchemaVersion));
  return {};
}

Result<> RunStore::create_schema() { return db_.execute(kSchema); }

Result<Statement*> RunStore::cached(int which, std::string_view sql) {
  Statement& slot = statements_[static_cast<std::size_t>(which)];
  if (!slot.prepared()) {
    auto prepared = db_.prepare(sql);
    if (!prepared) return std::unexpected(prepared.error());
    slot = std::move(*prepared);
  }
  slot.reset();
  return &slot;
}

Result<int64_t> RunStore::begin_run(const RunInfo& info) {
  auto insert = db_.prepare(fmt::format(
      "INSERT INTO runs (command, argv, version, settings_hash, policy_hash, started_at) "
      "VALUES (?, ?, ?, ?, ?, {})",
      kNow));
  if (!insert) return std::unexpected(insert.error());
  insert->bind(1, info.command)
      .bind(2, info.argv)
      .bind(3, info.version)
      .bind(4, info.settings_hash)
      .bind(5, info.policy_hash);
  if (auto done = insert->run(); !done) return std::unexpected(done.error());
  checks_ = !info.policy_hash.empty();
  return db_.last_insert_id();
}

// Only the store's latest run can be continued: a run made after it has moved devices'
// findings on, and a result of a day ago is not tonight's.
Result<RunStore::Resumable> RunStore::resumable_run(const RunInfo& info) {
  auto select = db_.prepare(
      "SELECT id, finished, argv, settings_hash, "
      "(julianday('now') - julianday(started_at)) * 24 FROM runs ORDER BY id DESC LIMIT 1");
  if (!select) return std::unexpected(select.error());
  auto row = select->step();
  if (!row) return std::unexpected(row.error());
  Resumable found;
  if (!*row || select->integer(1) != 0 || select->text(2) != info.argv) return found;
  const int64_t id = select->integer(0);
  if (select->text(3) != info.settings_hash) {
    found.why_not = fmt::format(
        "run {} did not finish, but the policy, inventory or version changed since", id);
  } else if (const double hours = select->real(4); hours > kMaxResumeHours) {
    found.why_not =
        fmt::format("run {} did not finish, but it started {:.0f} hours ago", id, hours);
  } else {
    found.run = id;
  }
  return found;
}

Result<> RunStore::continue_run(int64_t run, const RunInfo& info) {
  auto update = db_.prepare("UPDATE runs SET resumed = resumed + 1 WHERE id = ?");
  if (!update) return std::unexpected(update.error());
  checks_ = !info.policy_hash.empty();
  return update->bind(1, run).run();
}

// Each with its own source and member: a shared result line carries those of the run that
// first stored it.
Result<std::vector<RunStore::StoredResult>> RunStore::results_of_run(int64_t run) {
  auto select = db_.prepare(
      "SELECT rr.source, rr.member, rr.status, coalesce(r.json, rr.json), rr.fingerprint, "
      "rr.layout, rr.reused FROM run_results rr "
      "LEFT JOIN results r ON r.id = rr.result_id WHERE rr.run_id = ?");
  if (!select) return std::unexpected(select.error());
  select->bind(1, run);
  std::vector<StoredResult> results;
  auto walked = for_each_row(*select, [&]() -> Result<> {
    auto json = decompressed(select->blob(3), db_.path());
    if (!json) return std::unexpected(json.error());
    ResultFacts input;
    input.source = select->text(0);
    input.member = select->text(1);
    std::string line = reissued_result(*json, input, select->integer(6) != 0);
    if (line.empty())
      return make_error(ExitStatus::kIoError,
                        fmt::format("{}: a stored result of run {} is damaged", db_.path(), run));
    results.push_back({input.source, input.member, select->text(2), std::move(line),
                       select->text(4), select->integer(5)});
    return {};
  });
  if (!walked) return std::unexpected(walked.error());
  return results;
}

Result<std::vector<RunStore::PriorResult>> RunStore::prior_results(const std::string& settings_hash,
                                                                   int64_t before_run) {
  auto select = db_.prepare(
      "SELECT rr.source, rr.member, d.name, rr.fingerprint, rr.layout, rr.result_id, rr.run_id, "
      "rr.status, rr.worst, rr.failed_findings FROM run_results rr "
      "JOIN devices d ON d.id = rr.device_id "
      "WHERE rr.result_id IS NOT NULL AND rr.run_id = (SELECT max(id) FROM runs "
      "WHERE settings_hash = ? AND id < ?)");
  if (!select) return std::unexpected(select.error());
  select->bind(1, settings_hash).bind(2, before_run);
  std::vector<PriorResult> prior;
  auto walked = for_each_row(*select, [&]() -> Result<> {
    prior.push_back({select->text(0), select->text(1), select->text(2), select->text(3),
                     select->integer(4), select->integer(5), select->integer(6), select->text(7),
                     select->text(8), select->integer(9)});
    return {};
  });
  if (!walked) return std::unexpected(walked.error());
  return prior;
}

Result<std::string> RunStore::result_json(int64_t result_id) {
  auto select = db_.prepare("SELECT json FROM results WHERE id = ?");
  if (!select) return std::unexpected(select.error());
  select->bind(1, result_id);
  auto row = select->step();
  if (!row) return std::unexpected(row.error());
  if (!*row)
    return make_error(ExitStatus::kIoError,
                      fmt::format("{}: stored result {} is missing", db_.path(), result_id));
  return decompressed(select->blob(0), db_.path());
}

Result<int64_t> RunStore::device_id(const std::string& name, const std::string& command,
                                    int64_t run, bool checked, int64_t* previous_checked_run) {
  auto insert =
      cached(kInsertDevice, "INSERT OR IGNORE INTO devices (name, command) VALUES (?, ?)");
  if (!insert) return std::unexpected(insert.error());
  if (auto done = (*insert)->bind(1, name).bind(2, command).run(); !done)
    return std::unexpected(done.error());
  auto select = cached(kSelectDevice,
                       "SELECT id, last_checked_run, previous_checked_run FROM devices "
                       "WHERE name = ? AND command = ?");
  if (!select) return std::unexpected(select.error());
  (*select)->bind(1, name).bind(2, command);
  auto row = (*select)->step();
  if (!row) return std::unexpected(row.error());
  if (!*row) return std::unexpected(db_.error("a device row vanished"));
  const int64_t id = (*select)->integer(0), last = (*select)->integer(1);
  int64_t previous = (*select)->integer(2);
  (*select)->reset();
  // A resumed run adds more results to the same run: the run before stays the previous.
  if (checked && last != run) {
    previous = last;
    auto update = cached(kUpdateDevice,
                         "UPDATE devices SET last_checked_run = ?, previous_checked_run = ? "
                         "WHERE id = ?");
    if (!update) return std::unexpected(update.error());
    if (auto done = (*update)->bind(1, run).bind(2, previous).bind(3, id).run(); !done)
      return std::unexpected(done.error());
  }
  *previous_checked_run = previous;
  return id;
}

Result<> RunStore::store_config(const std::string& fingerprint, std::string_view zstd,
                                bool revealed) {
  auto insert = cached(kInsertConfig,
                       "INSERT OR IGNORE INTO configs (fingerprint, revealed, size, content) "
                       "VALUES (?, ?, ?, ?)");
  if (!insert) return std::unexpected(insert.error());
  return (*insert)
      ->bind(1, fingerprint)
      .bind(2, int64_t{revealed})
      .bind(3, static_cast<int64_t>(zstd.size()))
      .bind_blob(4, zstd)
      .run();
}

// Results of a read config are kept once per device, content and settings; a result with no
// fingerprint (unreadable, timed out, crashed) is kept inline in its run's row.
Result<std::optional<int64_t>> RunStore::result_id(int64_t device, const ResultFacts& facts,
                                                   int64_t layout, std::string_view json,
                                                   const std::string& settings) {
  if (facts.fingerprint.empty()) return std::optional<int64_t>();
  auto select = cached(kSelectResult,
                       "SELECT id FROM results WHERE device_id = ? AND fingerprint = ? AND "
                       "layout = ? AND settings_hash = ?");
  if (!select) return std::unexpected(select.error());
  (*select)->bind(1, device).bind(2, facts.fingerprint).bind(3, layout).bind(4, settings);
  auto row = (*select)->step();
  if (!row) return std::unexpected(row.error());
  if (*row) {
    int64_t id = (*select)->integer(0);
    (*select)->reset();
    return std::optional<int64_t>(id);
  }
  auto insert = cached(kInsertResult,
                       "INSERT INTO results (device_id, fingerprint, layout, settings_hash, json) "
                       "VALUES (?, ?, ?, ?, ?)");
  if (!insert) return std::unexpected(insert.error());
  if (auto done = (*insert)
                      ->bind(1, device)
                      .bind(2, facts.fingerprint)
                      .bind(3, layout)
                      .bind(4, settings)
                      .bind_blob(5, zstd_compress(json))
                      .run();
      !done)
    return std::unexpected(done.error());
  return std::optional<int64_t>(db_.last_insert_id());
}

// A finding failing in the device's previous checked run goes on (its interval's last_seen
// moves to this run); otherwise a new interval starts here.
Result<> RunStore::update_findings(int64_t device, int64_t run, int64_t previous_run,
                                   const ResultFacts& facts) {
  for (const ResultFacts::FailedFinding& f : facts.failed) {
    auto extend = cached(kExtendFinding,
                         "UPDATE findings SET last_seen = ?, severity = ?, message = ?, "
                         "evidence = ? WHERE device_id = ? AND rule = ? AND last_seen IN (?, ?)");
    if (!extend) return std::unexpected(extend.error());
    if (auto done = (*extend)
                        ->bind(1, run)
                        .bind(2, f.severity)
                        .bind(3, f.message)
                        .bind(4, f.evidence)
                        .bind(5, device)
                        .bind(6, f.rule)
                        .bind(7, previous_run)
                        .bind(8, run)
                        .run();
        !done)
      return std::unexpected(done.error());
    if (db_.changes() > 0) continue;
    auto insert = cached(kInsertFinding,
                         "INSERT INTO findings (device_id, rule, severity, message, evidence, "
                         "first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?)");
    if (!insert) return std::unexpected(insert.error());
    if (auto done = (*insert)
                        ->bind(1, device)
                        .bind(2, f.rule)
                        .bind(3, f.severity)
                        .bind(4, f.message)
                        .bind(5, f.evidence)
                        .bind(6, run)
                        .bind(7, run)
                        .run();
        !done)
      return std::unexpected(done.error());
  }
  return {};
}

Result<> RunStore::add_result(int64_t run, std::string_view json, const ResultFacts& facts,
                              int64_t layout, std::string_view config_zstd, bool revealed,
                              bool reused, bool fetched, const std::string& settings_hash) {
  if (!in_transaction_) {
    if (auto begun = db_.execute("BEGIN"); !begun) return begun;
    in_transaction_ = true;
  }
  // Only a run that checks a policy checks findings: a parse or fetch of the device ends
  // none of its intervals.
  const bool checked = checks_ && facts.status == "ok";
  int64_t previous_run = 0;
  auto device = device_id(facts.device.empty() ? facts.source : facts.device,
                          fetched ? facts.member : std::string(), run, checked, &previous_run);
  if (!device) return std::unexpected(device.error());
  if (!config_zstd.empty() && !facts.fingerprint.empty())
    if (auto stored = store_config(facts.fingerprint, config_zstd, revealed); !stored)
      return stored;
  auto result = result_id(*device, facts, layout, json, settings_hash);
  if (!result) return std::unexpected(result.error());
  auto insert = cached(kInsertRunResult,
                       "INSERT OR REPLACE INTO run_results (run_id, device_id, source, member, "
                       "status, fingerprint, layout, result_id, json, failed_findings, worst, "
                       "reused) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!insert) return std::unexpected(insert.error());
  (*insert)
      ->bind(1, run)
      .bind(2, *device)
      .bind(3, facts.source)
      .bind(4, facts.member)
      .bind(5, facts.status)
      .bind(6, facts.fingerprint)
      .bind(7, layout)
      .bind(8, *result);
  if (*result)
    (*insert)->bind_null(9);
  else
    (*insert)->bind_blob(9, zstd_compress(json));
  (*insert)
      ->bind(10, static_cast<int64_t>(facts.failed.size()))
      .bind(11, facts.worst)
      .bind(12, int64_t{reused});
  if (auto done = (*insert)->run(); !done) return done;
  if (checked) return update_findings(*device, run, previous_run, facts);
  return {};
}

Result<bool> RunStore::add_reused_result(int64_t run, const PriorResult& prior,
                                         const std::string& source, const std::string& member,
                                         bool fetched, std::array<uint8_t, 5>* by_severity) {
  if (!in_transaction_) {
    if (auto begun = db_.execute("BEGIN"); !begun) return std::unexpected(begun.error());
    in_transaction_ = true;
  }
  const bool checked = checks_ && prior.status == "ok";
  if (checked) {  // was the device checked by another run since? then read the result
    auto select = cached(kSelectDevice,
                         "SELECT id, last_checked_run, previous_checked_run FROM devices "
                         "WHERE name = ? AND command = ?");
    if (!select) return std::unexpected(select.error());
    (*select)->bind(1, prior.device).bind(2, fetched ? member : std::string());
    auto row = (*select)->step();
    if (!row) return std::unexpected(row.error());
    const int64_t last = *row ? (*select)->integer(0 + 1) : -1;
    const int64_t previous = *row ? (*select)->integer(2) : -1;
    (*select)->reset();
    if (last != prior.run && !(last == run && previous == prior.run)) return false;
  }
  int64_t previous_run = 0;
  auto device =
      device_id(prior.device, fetched ? member : std::string(), run, checked, &previous_run);
  if (!device) return std::unexpected(device.error());
  auto insert = cached(kInsertRunResult,
                       "INSERT OR REPLACE INTO run_results (run_id, device_id, source, member, "
                       "status, fingerprint, layout, result_id, json, failed_findings, worst, "
                       "reused) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  if (!insert) return std::unexpected(insert.error());
  (*insert)
      ->bind(1, run)
      .bind(2, *device)
      .bind(3, source)
      .bind(4, member)
      .bind(5, prior.status)
      .bind(6, prior.fingerprint)
      .bind(7, prior.layout)
      .bind(8, prior.result_id)
      .bind_null(9)
      .bind(10, prior.failed_findings)
      .bind(11, prior.worst)
      .bind(12, int64_t{1});
  if (auto done = (*insert)->run(); !done) return std::unexpected(done.error());
  *by_severity = {};
  if (!checked) return true;
  auto extend =
      cached(kExtendFindings,
             "UPDATE findings SET last_seen = ?1 WHERE device_id = ?2 AND last_seen = ?3");
  if (!extend) return std::unexpected(extend.error());
  if (auto done = (*extend)->bind(1, run).bind(2, *device).bind(3, prior.run).run(); !done)
    return std::unexpected(done.error());
  auto count = cached(kCountFindings,
                      "SELECT severity, count(*) FROM findings WHERE device_id = ? AND "
                      "last_seen = ? GROUP BY severity");
  if (!count) return std::unexpected(count.error());
  (*count)->bind(1, *device).bind(2, run);
  static constexpr std::string_view kSeverities[] = {"info", "low", "medium", "high", "critical"};
  for (;;) {
    auto row = (*count)->step();
    if (!row) return std::unexpected(row.error());
    if (!*row) break;
    const std::string severity = (*count)->text(0);
    for (std::size_t i = 0; i < 5; ++i)
      if (severity == kSeverities[i])
        (*by_severity)[i] = static_cast<uint8_t>(std::min<int64_t>(255, (*count)->integer(1)));
  }
  return true;
}

Result<> RunStore::commit() {
  if (!in_transaction_) return {};
  in_transaction_ = false;
  return db_.execute("COMMIT");
}

Result<> RunStore::finish_run(int64_t run, const RunTotals& totals, int exit_code, bool finished) {
  if (auto committed = commit(); !committed) return committed;
  auto update = db_.prepare(
      fmt::format("UPDATE runs SET ended_at = {}, finished = ?, exit_code = ?, inputs = ?, ok = ?, "
                  "failed = ?, skipped = ?, reused = ?, failed_findings = ? WHERE id = ?",
                  kNow));
  if (!update) return std::unexpected(update.error());
  return update->bind(1, int64_t{finished})
      .bind(2, int64_t{exit_code})
      .bind(3, totals.inputs)
      .bind(4, totals.ok)
      .bind(5, totals.failed)
      .bind(6, totals.skipped)
      .bind(7, totals.reused)
      .bind(8, totals.failed_findings)
      .bind(9, run)
      .run();
}

}  // namespace cfgsweep
