#pragma once

#include <poll.h>

#include <array>
#include <atomic>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "common/error.h"
#include "common/fd.h"
#include "common/segment_layout.h"
#include "common/shared_segment.h"
#include "engine/fleet/fleet_plan.h"
#include "engine/fleet/ssh_fetch.h"
#include "engine/input_walker.h"
#include "engine/job_dispatcher.h"
#include "engine/report/reports.h"
#include "engine/result_sink.h"
#include "engine/run_options.h"
#include "engine/run_summary.h"
#include "engine/shard_ledger.h"
#include "engine/store_session.h"
#include "engine/worker_pool.h"

namespace cfgsweep {

// Owns one run of `cfgsweep parse` (or `query`, or `run`; supervisor.cc, and the end of a
// run in supervisor_end.cc): the shared segment, the worker
// processes, the source thread, the results and the exit code. Its main loop waits in ppoll() on
// every result pipe, the dispatcher's wake fd and the signals; it reads frames, reaps and replaces
// workers, kills the ones past their deadline or memory limit, and writes results.
class Supervisor {
 public:
  // `policy`: the run's policy, loaded and checked before (for --report; the workers load
  // their own copy). `fleet`: for `cfgsweep run`, the devices to fetch as the inputs
  // (instead of paths).
  Supervisor(RunOptions options, std::unique_ptr<Policy> policy, const FleetPlan* fleet = nullptr);
  ~Supervisor();
  // Runs to completion. The outcome (ok, findings, inputs failed, interrupted), or the
  // error that stopped the run (after cleaning up: workers stopped, segment removed).
  Result<ExitStatus> run();

 private:
  bool set_up();
  void start_source_thread();
  // Waits for the source thread; false when a second stop signal came first (the caller
  // then ends the process without it).
  bool join_source_thread();
  // The files this run writes (--output or a redirected stdout, the reports): the walker
  // never reads them back as inputs.
  std::set<FileIdentity> own_outputs() const;
  void main_loop();
  // Starts one more worker per input submitted, up to --jobs: a run of 3 files with
  // --jobs 64 starts 3 workers.
  void start_workers_for_inputs();
  void wait_for_events();
  // kShortRead: the main loop's read of a pipe ppoll found ready. kEmpty: read until the
  // pipe is empty or closed (a dead worker's last frames, shutdown).
  enum class ReadUntil { kShortRead, kEmpty };
  void read_results(std::size_t slot, ReadUntil until);
  void reap_children();
  void on_worker_exit(std::size_t slot, int wait_status);
  void replace_worker(std::size_t slot);
  void enforce_limits();
  void write_dispatcher_results();
  void request_stop(int signal);
  void stop_workers();
  void show_progress(bool final);
  Result<ExitStatus> outcome() const;
  // Stops the run for `message`; the first such error is what run() returns.
  void fail(ExitStatus status, const std::string& message);
  void fail(const Error& error);
  // The result sink failed: the run stops quietly when its reader is gone (`| head`; the
  // exit status is then that of the results so far), else with kIoError.
  void output_failed();

  RunOptions options_;
  const FleetPlan* fleet_;
  std::unique_ptr<SharedSegment> segment_;
  std::optional<SegmentView> view_;
  std::unique_ptr<JobDispatcher> dispatcher_;
  std::unique_ptr<WorkerPool> pool_;
  Fd output_;
  std::unique_ptr<ResultSink> sink_;
  RunSummary summary_;
  std::thread source_thread_;
  std::atomic<bool> source_done_{false};

  // Reused by every wait_for_events(): the poll set, the slot of each worker fd in it,
  // and the slots whose pipe had data or hung up.
  std::vector<pollfd> poll_fds_;
  std::vector<std::size_t> poll_slots_;
  std::vector<std::size_t> ready_slots_;

  int stop_signal_ = 0;
  uint8_t worst_finding_ = 0;  // the Severity of the worst failed rule so far (check)
  // --report: the results in compact form, written to each requested sink at the end.
  std::unique_ptr<Policy> policy_;
  std::unique_ptr<ReportCollector> reports_;
  std::vector<OpenReport> report_files_;  // opened in set_up(), written at the end
  std::optional<Error> fatal_;
  std::size_t workers_started_ = 0;
  int deaths_without_work_ = 0;  // workers that died with no job in hand, in a row
  int64_t last_memory_check_ns_ = 0;
  int64_t last_progress_ns_ = 0;

  // --store: the run store's session; results are recorded as they are written.
  std::unique_ptr<StoreSession> store_;
  uint64_t reused_ = 0;
  // Writes one result to the sink and the reports, and counts it.
  void write_result(uint64_t id, std::string_view json, ResultStatus status, uint64_t bytes);
  void close_store(const Result<ExitStatus>& outcome);
  void write_stored_frame(const Frame& frame);

  // --shard: the lines written, for the shard manifest written at the end.
  std::unique_ptr<ShardLedger> shard_;
  StreamDigest output_digest_;  // of the results as written (--shard)
  ShardLedger::Universe shard_universe() const;
  Result<ExitStatus> write_shard_manifest(Result<ExitStatus> outcome);

  // --metrics: what the summary does not count already.
  void write_metrics(const Result<ExitStatus>& outcome);
  int64_t started_ns_ = 0;
  std::atomic<int64_t> source_done_ns_{0};
  std::array<uint64_t, 5> failed_by_severity_{};
  uint64_t worker_restarts_ = 0;
  std::array<std::atomic<uint64_t>, kFetchStatusCount> fetch_sessions_{};
};

}  // namespace cfgsweep
