#pragma once

#include <functional>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.h"
#include "store/result_facts.h"
#include "store/sqlite_db.h"

namespace cfgsweep {

// The run store (docs/store.md; the writer in run_store.cc, the readers in
// run_store_readers.cc): one SQLite database in WAL mode that remembers every run
// of parse, check and run given --store: the runs, each device's result per run, findings
// as intervals of runs (first_seen, last_seen), and configs, content-addressed by
// fingerprint and zstd-compressed, once per distinct content.
//
// Written by the supervisor's main thread alone (one RunStore per process); the readers
// (`runs`, `history`, `show`, `diff --store`) open it read-only (open(path, false)) and may
// run during a run.
// Writes are batched in transactions (commit()); a run killed between two commits loses
// only the results since the last one, which `--resume` does again.
class RunStore {
 public:
  // Opens the database; `create` makes it (mode 0600) and its tables when missing.
  // Readers pass false: a missing store is an error (66), not an empty one.
  static Result<RunStore> open(const std::string& path, bool create);

  struct RunInfo {
    std::string command;        // parse, check, run
    std::string argv;           // the command line as a JSON array (cfgsweep takes no secret
                                // on its command line: passwords come from files or env)
    std::string version;        // the binary's
    std::string settings_hash;  // what makes two results of one config equal (engine)
    std::string policy_hash;    // of the policy file; empty for parse
  };
  // --- supervisor, main thread
  Result<int64_t> begin_run(const RunInfo& info);
  // --resume: the store's latest run, when it has this command line and did not finish; it
  // is continued (its `resumed` count goes up) if it was made with the same settings
  // (policy, inventory, version: RunInfo::settings_hash) and started less than 20 hours ago.
  struct Resumable {
    std::optional<int64_t> run;
    std::string why_not;  // an unfinished run of this command line that cannot be continued
  };
  Result<Resumable> resumable_run(const RunInfo& info);
  Result<> continue_run(int64_t run, const RunInfo& info);

  // A result already in `run` (for --resume): its input and its JSON.
  struct StoredResult {
    std::string source;
    std::string member;
    std::string status;
    std::string json;  // with this run's source and member
    std::string fingerprint;
    int64_t layout = 0;
  };
  Result<std::vector<StoredResult>> results_of_run(int64_t run);

  // The latest results of the last earlier run made with `settings_hash` (for
  // --incremental): each input's fingerprint and the id of its stored result.
  struct PriorResult {
    std::string source;
    std::string member;
    std::string device;
    std::string fingerprint;
    int64_t layout = 0;
    int64_t result_id = 0;
    int64_t run = 0;  // the run it is a result of
    std::string status, worst;
    int64_t failed_findings = 0;
  };
  Result<std::vector<PriorResult>> prior_results(const std::string& settings_hash,
                                                 int64_t before_run);
  // A stored result's JSON by id.
  Result<std::string> result_json(int64_t result_id);

  // Records one result of `run`. `config_zstd`: the config as this run saw it (redacted
  // unless `revealed`), compressed, or empty when the worker did not send it (the store has
  // it already, or the input was not a config). `fetched`: the device name is an
  // inventory's and `member` the command fetched, which is part of the device's key.
  // `layout`: where the config's volatile lines are (0: not read); a result is reused only
  // for a config of equal fingerprint and layout.
  Result<> add_result(int64_t run, std::string_view json, const ResultFacts& facts, int64_t layout,
                      std::string_view config_zstd, bool revealed, bool reused, bool fetched,
                      const std::string& settings_hash);
  // Records a reused result (--incremental) of `prior`'s input in `run`, without reading the
  // result: its findings are the ones its device failed in `prior.run`, whose intervals are
  // stretched to `run`; `by_severity` gets their counts (info..critical). False, recording
  // nothing, when the device was checked by another run since `prior.run` (the caller then
  // records it with add_result).
  Result<bool> add_reused_result(int64_t run, const PriorResult& prior, const std::string& source,
                                 const std::string& member, bool fetched,
                                 std::array<uint8_t, 5>* by_severity);
  // Commits the results added since the last commit (and opens the next transaction).
  Result<> commit();

  struct RunTotals {
    int64_t inputs = 0, ok = 0, failed = 0, skipped = 0, reused = 0, failed_findings = 0;
  };
  Result<> finish_run(int64_t run, const RunTotals& totals, int exit_code, bool finished);

  // --- readers (any process)
  struct RunRow {
    int64_t id;
    std::string command, argv, version, policy_hash, started_at, ended_at;
    bool finished;
    std::optional<int64_t> exit_code;
    int64_t resumed;
    RunTotals totals;
  };
  Result<std::vector<RunRow>> runs();
  // The last two finished runs, oldest first; fewer when the store has fewer.
  Result<std::vector<int64_t>> last_finished_runs(int count);
  Result<bool> run_exists(int64_t run);
  // Every result JSON of `run`, one per input.
  Result<std::vector<std::string>> run_result_lines(int64_t run);
  // How `run` was made: its command, settings and policy hashes, version (argv as stored).
  Result<RunInfo> run_info(int64_t run);
  // `cfgsweep merge --store`: each result of `run` as the run recorded it, with its config
  // (redacted and, when the run kept one, revealed: zstd, as stored), handed to `row` one
  // at a time (a shard's run may hold 100,000 configs).
  struct ExportedResult {
    std::string json;  // with the run's source and member
    std::string fingerprint;
    int64_t layout = 0;
    bool reused = false;
    std::string config_zstd, revealed_zstd;  // empty when the store has none
  };
  Result<> for_each_result(int64_t run, const std::function<Result<>(ExportedResult&)>& row);
  // Keeps a config (zstd) of `fingerprint` unless the store has it: merge --store's
  // revealed copies.
  Result<> add_config(const std::string& fingerprint, std::string_view zstd, bool revealed) {
    return store_config(fingerprint, zstd, revealed);
  }
  // The stored config of `device` (`command` for a fetched device's command) in `run`:
  // its text, and whether it was stored with secrets; nullopt when that run has no config
  // of it.
  struct StoredConfig {
    std::string text;
    bool revealed = false;
  };
  // `command` ('' for any) picks one of a fetched device's commands; RUN unset, the latest
  // run with a config of the device (`found_run` says which).
  Result<std::optional<StoredConfig>> config_of(const std::string& device,
                                                const std::string& command,
                                                std::optional<int64_t> run, bool prefer_revealed,
                                                int64_t* found_run);
  Result<std::optional<StoredConfig>> config_by_fingerprint(const std::string& fingerprint,
                                                            bool prefer_revealed = false);

  // History of devices (all when `device` is empty), of findings (of `rule` only when set).
  struct ConfigChange {
    std::string device, command;
    int64_t run;
    std::string at, status, fingerprint;
  };
  Result<std::vector<ConfigChange>> config_changes(const std::string& device);
  struct FindingInterval {
    std::string device, command, rule, severity, message, evidence;
    int64_t first_seen, last_seen;
    std::optional<int64_t> cleared_in;  // the first run after last_seen that checked the device
  };
  Result<std::vector<FindingInterval>> finding_intervals(const std::string& device,
                                                         const std::string& rule);

  const std::string& path() const { return db_.path(); }
  // The writer found the store readable by others and made it 0600.
  bool narrowed() const { return narrowed_; }

 private:
  explicit RunStore(Database db) : db_(std::move(db)) {}
  Result<> create_schema();
  Result<> check_kind();
  Result<int64_t> device_id(const std::string& name, const std::string& command, int64_t run,
                            bool checked, int64_t* previous_checked_run);
  Result<> store_config(const std::string& fingerprint, std::string_view zstd, bool revealed);
  Result<std::optional<int64_t>> result_id(int64_t device, const ResultFacts& facts, int64_t layout,
                                           std::string_view json, const std::string& settings);
  Result<> update_findings(int64_t device, int64_t run, int64_t previous_run,
                           const ResultFacts& facts);
  Result<Statement*> cached(int which, std::string_view sql);
  // A zstd blob of the store, or an error naming the store (a damaged entry).
  static Result<std::string> decompressed(const std::string& blob, const std::string& where);

  Database db_;
  bool narrowed_ = false;
  bool checks_ = false;  // the run being written checks a policy (RunInfo::policy_hash)
  bool reader_ = false;
  bool in_transaction_ = false;
  std::vector<Statement> statements_;  // prepared once, by cached()
};

}  // namespace cfgsweep
