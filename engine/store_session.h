#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/error.h"
#include "common/result_record.h"
#include "engine/job_dispatcher.h"
#include "engine/run_options.h"
#include "store/result_facts.h"
#include "store/run_store.h"

namespace cfgsweep {

// One run's link to the run store (--store; docs/store.md): opens the store, begins the run
// (or, with --resume, continues the unfinished one), tells the dispatcher what the store
// knows of each input, records each result as it is written, and closes the run with its
// totals and exit code.
//
// The supervisor's main thread only, except prior(), which the source thread calls: it reads
// tables filled in open() and never written after.
class StoreSession {
 public:
  // `fetched`: `run`, whose devices are inventory names. Fails (64, 66, 74) when the store
  // cannot be opened or is not a cfgsweep store.
  // `policy_files`: every file the policy was read from (Policy::files): the policy hash
  // covers its includes.
  static Result<std::unique_ptr<StoreSession>> open(const RunOptions& options, bool fetched,
                                                    const std::vector<std::string>& policy_files);

  // `cfgsweep merge --store`: a new run in the store at `path`, made as `info` says (the
  // shards' run, as their own stores recorded it).
  static Result<std::unique_ptr<StoreSession>> open_for_merge(const std::string& path,
                                                              const RunStore::RunInfo& info);
  // merge --store: one result of a shard's store, recorded in this run as the shard had it.
  // `revealed`: the shard ran with --show-secrets (its manifest says so): its evidence is
  // redacted here and its revealed config copied too; otherwise only the redacted config is
  // (the shard's store may hold a revealed copy of the same content from another night).
  Result<> record_exported(const RunStore::ExportedResult& row, bool revealed);

  JobDispatcher::PriorLookup prior_lookup() const;

  // A result to write: the JSON to emit (a reused marker becomes the stored result it
  // stands for), its status, and its worst failed Severity (0: none).
  struct Written {
    std::string json;
    ResultStatus status;
    uint8_t worst = 0;
    std::array<uint8_t, 5> failed_by_severity{};
    bool reused = false;  // "reused": true
  };
  // A worker's result (`attachment`: the config, when sent). For a reused one, the stored
  // result it stands for. Records it in the store.
  // `layout`: where the config's volatile lines are (FrameHeader::layout).
  Result<Written> record_frame(std::string_view json, std::string_view attachment, bool reused,
                               uint64_t layout);
  // A result made by the dispatcher (`stored`: replayed from the store by --resume, and
  // recorded already).
  Result<Written> record_ready(std::string_view json, bool stored, ResultStatus status);
  // `fetch --store`: one device's fetch line, with its config (the outputs of its commands,
  // one after the other), its fingerprint, and the config as stored (redacted, zstd).
  Result<> record_fetch(std::string_view json, const std::string& fingerprint,
                        std::string_view config_zstd);
  // Commits when enough results or time have gone by since the last commit.
  Result<> maybe_commit(int64_t now_ns);
  Result<> finish(const RunStore::RunTotals& totals, int exit_code, bool finished);

  int64_t run_id() const { return run_; }
  bool resumed() const { return resumed_; }

 private:
  StoreSession(RunStore store, const RunOptions& options, bool fetched,
               const std::vector<std::string>& policy_files);
  StoreSession(RunStore store, const RunStore::RunInfo& info);
  Result<> record_plain(std::string_view json);
  Written replayed(const std::string& json, ResultStatus status) const;
  Result<> load_priors();
  Result<Written> record_reused(const ResultFacts& marker);
  std::string input_key(std::string_view source, std::string_view member) const;

  RunStore store_;
  RunStore::RunInfo info_;
  bool fetched_;
  bool incremental_;
  bool revealed_;
  DeviceFrom device_from_;
  int64_t run_ = 0;
  bool resumed_ = false;
  // --resume: the results the run has, by source '\0' member.
  struct Done {
    ResultStatus status;
    std::string json;
    std::string fingerprint;
    uint64_t layout = 0;
  };
  std::unordered_map<std::string, Done> done_;
  // The last stored result of each input (by input_key()), for --incremental and to spare
  // sending configs the store has.
  std::unordered_map<std::string, RunStore::PriorResult> prior_;
  uint64_t since_commit_ = 0;
  int64_t last_commit_ns_ = 0;
};

}  // namespace cfgsweep
