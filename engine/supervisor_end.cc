// The end of a run of the supervisor: its exit code, the run store's run closed, the shard
// manifest, the metrics file.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>

#include "common/clock.h"
#include "engine/metrics_file.h"
#include "engine/supervisor.h"

namespace cfgsweep {

Result<ExitStatus> Supervisor::outcome() const {
  if (fatal_) return std::unexpected(*fatal_);
  if (stop_signal_) return ExitStatus::kInterrupted;
  // A shard may have none of the run's inputs (4 shards of 3 files): that is no error.
  if (summary_.total() == 0 && !(shard_ && shard_universe().inputs > 0))
    return make_error(ExitStatus::kNoInput, "error: no input found in the paths given");
  if (summary_.failures() > 0) return ExitStatus::kInputsFailed;
  if (!options_.policy.empty() && worst_finding_ >= static_cast<uint8_t>(options_.fail_on))
    return ExitStatus::kFindings;
  return ExitStatus::kOk;
}

// The run's totals and exit code. A run stopped by a signal or an error stays unfinished:
// `--resume` continues it.
void Supervisor::close_store(const Result<ExitStatus>& outcome) {
  RunStore::RunTotals totals;
  totals.inputs = static_cast<int64_t>(summary_.total());
  totals.ok = static_cast<int64_t>(summary_.count(ResultStatus::kOk));
  totals.failed = static_cast<int64_t>(summary_.failures());
  totals.skipped = static_cast<int64_t>(summary_.count(ResultStatus::kSkipped));
  totals.reused = static_cast<int64_t>(reused_);
  for (uint64_t n : failed_by_severity_) totals.failed_findings += static_cast<int64_t>(n);
  const int code = outcome ? to_int(*outcome) : to_int(outcome.error().status);
  const bool finished = !fatal_ && !stop_signal_ && (!sink_ || !sink_->reader_gone());
  if (auto closed = store_->finish(totals, code, finished); !closed) fail(closed.error());
}

// What every shard of this run sees: `run`'s fleet before sharding, or every input found.
ShardLedger::Universe Supervisor::shard_universe() const {
  if (fleet_) return {fleet_->universe.hosts, fleet_->universe.digest, fleet_->universe.values};
  if (!dispatcher_) return {};
  return {dispatcher_->inputs_seen(), dispatcher_->inputs_digest(), {}};
}

// A run that wrote its results (whatever their outcome) leaves its manifest for `merge`.
Result<ExitStatus> Supervisor::write_shard_manifest(Result<ExitStatus> outcome) {
  if (!outcome || !sink_ || !sink_->flush()) return outcome;
  auto written = shard_->finish(
      shard_universe(), to_int(*outcome), store_ ? store_->run_id() : 0, options_.ordered,
      [this](uint64_t id) { return dispatcher_->position(id); }, &output_digest_);
  if (!written) return std::unexpected(written.error());
  return outcome;
}

// --metrics: the run's figures for node_exporter's textfile collector. A file that cannot
// be written is a warning: the results are out already, and the exit code tells them.
void Supervisor::write_metrics(const Result<ExitStatus>& outcome) {
  RunMetrics m;
  m.command = fleet_ ? "run" : !options_.policy.empty() ? "check" : "parse";
  if (options_.command == RunOptions::Command::kQuery) m.command = "query";
  for (int s = 0; s < kResultStatusCount; ++s)
    m.inputs_by_status[s] = summary_.count(static_cast<ResultStatus>(s));
  m.failed_findings_by_severity = failed_by_severity_;
  m.input_bytes = summary_.bytes();
  const int64_t now = monotonic_ns();
  const int64_t source_end = source_done_ns_ ? source_done_ns_.load() : now;
  m.source_seconds = static_cast<double>(source_end - started_ns_) / 1e9;
  m.total_seconds = static_cast<double>(now - started_ns_) / 1e9;
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  m.supervisor_peak_rss_bytes = static_cast<uint64_t>(usage.ru_maxrss) * 1024;
  ::getrusage(RUSAGE_CHILDREN, &usage);
  m.worker_peak_rss_bytes = static_cast<uint64_t>(usage.ru_maxrss) * 1024;
  m.worker_restarts = worker_restarts_;
  if (fleet_)
    for (std::size_t s = 0; s < kFetchStatusCount; ++s)
      m.ssh_sessions.emplace_back(enum_name(static_cast<FetchStatus>(s)),
                                  fetch_sessions_[s].load());
  m.exit_code = outcome ? to_int(*outcome) : to_int(outcome.error().status);
  m.finished_unix_seconds =
      std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  if (auto written = write_metrics_file(options_.metrics, m); !written)
    std::fprintf(stderr, "cfgsweep: warning: %s\n", written.error().message.c_str());
}

}  // namespace cfgsweep
