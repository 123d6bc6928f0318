#include "engine/fetch_command.h"

#include <fcntl.h>
#include <libssh/libssh.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include <fmt/format.h>

#include "common/clock.h"
#include "common/compression.h"
#include "common/exit_status.h"
#include "common/fd.h"
#include "common/json_writer.h"
#include "engine/fleet/backup_store.h"
#include "engine/fleet/fetch_pool.h"
#include "engine/fleet/fleet_plan.h"
#include "engine/shard_ledger.h"
#include "engine/signals.h"
#include "engine/store_session.h"
#include "engine/supervisor.h"
#include "parse/format_detect.h"
#include "parse/secret_redactor.h"
#include "worker/volatile_lines.h"

namespace cfgsweep {

namespace {

using Clock = std::chrono::steady_clock;

// Writes one device's result line.
class FetchReport {
 public:
  // `recorder`: with --store, given each device's line (after `fingerprint` is added) and its
  // config, under the lock; returns false when the store failed (the fetch goes on).
  using Recorder = std::function<bool(std::string_view line, const std::string& config,
                                      const std::string& fingerprint)>;
  FetchReport(int fd, const BackupStore* store, Recorder recorder = {})
      : fd_(fd), store_(store), recorder_(std::move(recorder)) {}

  // --shard: each line written is noted in `ledger` with its device's place in `plan`.
  void note_lines_in(ShardLedger* ledger, const FleetPlan* plan) {
    ledger_ = ledger;
    plan_ = plan;
  }

  void add(const DeviceResult& r) {
    std::lock_guard hold(writing_);
    const InventoryHost& host = *r.job->host;
    const FetchAttempt& a = r.attempt;
    ++by_status_[std::string(enum_name(a.status))];
    json_.reset();
    json_.begin_object();
    json_.field("device", host.name);
    json_.field("hostname", host.hostname);
    if (host.port != 0) json_.field("port", uint64_t{host.port});
    json_.field("platform", host.platform);
    json_.field("status", enum_name(a.status));
    json_.field("attempts", static_cast<uint64_t>(r.attempts));
    // The config: the outputs one after the other (most fetches run one command).
    std::string config, fingerprint;
    if (a.status == FetchStatus::kOk) {
      for (const CommandOutput& out : a.outputs) config += out.text;
      fingerprint = volatile_lines_.fingerprint(config);
      json_.field("fingerprint", fingerprint);
    }
    json_.key("timing_ms");
    json_.begin_object();
    json_.key("dns"), json_.number(a.times.dns);
    json_.key("connect"), json_.number(a.times.connect);
    json_.key("auth"), json_.number(a.times.auth);
    json_.key("commands"), json_.number(a.times.commands);
    json_.key("total"), json_.number(r.total_ms);
    json_.end_object();
    write_outputs(r);
    json_.key("error");
    if (a.status == FetchStatus::kOk) {
      json_.null();
    } else {
      json_.begin_object();
      json_.field("phase", a.phase);
      json_.field("message", a.message);
      json_.end_object();
    }
    json_.end_object();
    json_.next_line();
    std::string_view line = json_.view();
    if (!failed_ && !reader_gone_ && !write_all(fd_, line)) {
      reader_gone_ = errno == EPIPE;
      failed_ = !reader_gone_;
    }
    if (ledger_) ledger_->wrote(plan_->universe.position.at(host.name));
    if (recorder_ && !recorder_(line, config, fingerprint)) recorder_ = {};
  }

  // Held while a line is built and written: holding it, no line is half written.
  std::mutex& writing() { return writing_; }
  bool failed() const { return failed_; }
  // The reader closed the output (`| head`): no more lines, and no error.
  bool reader_gone() const { return reader_gone_; }
  const std::map<std::string, uint64_t>& by_status() const { return by_status_; }

 private:
  // The outputs, and where each went: a new file when all went well, else the old backup
  // that was kept (if there is one).
  void write_outputs(const DeviceResult& r) {
    const FetchAttempt& a = r.attempt;
    json_.key("outputs");
    json_.begin_array();
    for (std::size_t i = 0; i < r.job->commands.size(); ++i) {
      json_.begin_object();
      json_.field("command", r.job->commands[i]);
      const CommandOutput* out = i < a.outputs.size() ? &a.outputs[i] : nullptr;
      if (out) json_.field("bytes", uint64_t{out->text.size()});
      if (out && out->exit_status >= 0) json_.field("exit_status", uint64_t(out->exit_status));
      if (store_) save(r, i, out);
      json_.end_object();
    }
    json_.end_array();
  }

  void save(const DeviceResult& r, std::size_t i, const CommandOutput* out) {
    std::string path = store_->path_for(r.job->host->name, i);
    if (r.attempt.status == FetchStatus::kOk && out) {
      if (auto saved = store_->save(path, out->text)) {
        json_.field("file", path);
      } else {
        json_.field("save_error", saved.error().message);
        ++by_status_["save_failed"];
      }
    } else if (::access(path.c_str(), F_OK) == 0) {
      json_.field("kept", path);  // the last good backup, untouched
    }
  }

  std::mutex writing_;
  int fd_;
  const BackupStore* store_;
  Recorder recorder_;
  ShardLedger* ledger_ = nullptr;
  const FleetPlan* plan_ = nullptr;
  VolatileLines volatile_lines_;  // the defaults: `fingerprint` as parse computes it
  JsonWriter json_;
  bool failed_ = false;
  bool reader_gone_ = false;
  std::map<std::string, uint64_t> by_status_;
};

// Blocks the stop signals in this thread (and the pool threads it starts), so that only
// the sigtimedwait() below takes them.
sigset_t stop_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  return set;
}

// fetch --store: each device's line and config recorded in the run store, on the pool's
// threads under the report's lock. A store that fails stops the recording (the fetch goes
// on) and fails the run at the end.
class FetchRecording {
 public:
  static Result<std::unique_ptr<FetchRecording>> open(const RunOptions& options) {
    auto session = StoreSession::open(options, /*fetched=*/true, {});
    if (!session) return std::unexpected(session.error());
    auto recording = std::make_unique<FetchRecording>();
    recording->session_ = std::move(*session);
    return recording;
  }

  FetchReport::Recorder recorder() {
    return [this](std::string_view line, const std::string& config,
                  const std::string& fingerprint) {
      // Kept as every store keeps configs: secrets redacted, PEM key bodies masked.
      // Text of no known format is not kept (as `parse --store` keeps none).
      std::string zstd = config.empty() || detect_format(config).format == ConfigFormat::kUnknown
                             ? std::string()
                             : zstd_compress(redact_pem_blocks(redact_config_text(config)));
      auto recorded = session_->record_fetch(line, fingerprint, zstd);
      if (recorded) recorded = session_->maybe_commit(monotonic_ns());
      if (!recorded) failed_ = recorded.error();
      return recorded.has_value();
    };
  }

  int64_t run_id() const { return session_->run_id(); }

  // Closes the run with its totals; the outcome, or the store's error.
  Result<ExitStatus> finish(Result<ExitStatus> outcome, uint64_t total, uint64_t ok, bool stopped) {
    if (failed_) outcome = std::unexpected(*failed_);
    RunStore::RunTotals totals;
    totals.inputs = static_cast<int64_t>(total);
    totals.ok = static_cast<int64_t>(ok);
    totals.failed = totals.inputs - totals.ok;
    const int code = outcome ? to_int(*outcome) : to_int(outcome.error().status);
    if (auto closed = session_->finish(totals, code, !stopped && !failed_); !closed)
      return std::unexpected(closed.error());
    return outcome;
  }

 private:
  std::unique_ptr<StoreSession> session_;
  std::optional<Error> failed_;
};

Result<ExitStatus> fetch_outcome(const FetchReport& report, int stopped_by, uint64_t ok,
                                 uint64_t total, const FleetPlan& plan) {
  if (report.failed())
    return make_error(ExitStatus::kIoError,
                      fmt::format("cannot write the results: {}", std::strerror(errno)));
  if (stopped_by != 0) return ExitStatus::kInterrupted;
  bool save_failed = report.by_status().count("save_failed") != 0;
  uint64_t finished = report.reader_gone() && !plan.store ? total : plan.jobs.size();
  return ok == finished && !save_failed ? ExitStatus::kOk : ExitStatus::kInputsFailed;
}

// --shard: the manifest of a fetch that wrote its lines.
Result<ExitStatus> sealed_shard(ShardLedger* shard, const FleetPlan& plan, int64_t store_run,
                                ExitStatus outcome) {
  const FleetPlan::Universe& all = plan.universe;
  auto written =
      shard->finish({all.hosts, all.digest, all.values}, to_int(outcome), store_run, false, {});
  if (!written) return std::unexpected(written.error());
  return outcome;
}

Result<ExitStatus> fetch(const RunOptions& options) {
  auto prepared = prepare_fleet(options.fetch);
  if (!prepared) return std::unexpected(prepared.error());
  std::unique_ptr<FleetPlan> plan = std::move(*prepared);
  Fd output;
  int out_fd = STDOUT_FILENO;
  if (!options.output.empty() && options.output != "-") {
    output.reset(::open(options.output.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
    if (!output.valid())
      return make_error(ExitStatus::kIoError, fmt::format("cannot open --output {}: {}",
                                                          options.output, std::strerror(errno)));
    out_fd = output.get();
  }

  sigset_t signals = stop_signals();
  ::signal(SIGPIPE, SIG_IGN);  // a closed output is an EPIPE to handle, not a death
  ssh_init();
  auto started = Clock::now();
  std::unique_ptr<FetchRecording> recording;
  if (!options.store.empty()) {
    auto opened = FetchRecording::open(options);
    if (!opened) return std::unexpected(opened.error());
    recording = std::move(*opened);
  }
  FetchReport report(out_fd, plan->store ? &*plan->store : nullptr,
                     recording ? recording->recorder() : FetchReport::Recorder());
  std::optional<ShardLedger> shard;
  if (options.shard.active())
    report.note_lines_in(&shard.emplace(options, true, std::vector<std::string>()), plan.get());
  FetchPool pool(plan->settings, plan->retry, plan->concurrency, plan->deadline_seconds);
  std::atomic<bool> stop{false};
  std::atomic<bool> done{false};
  std::thread runner([&] {
    pool.run(
        plan->jobs, [&](DeviceResult r) { report.add(r); }, stop);
    done = true;
  });
  int stopped_by = 0;
  timespec tick{0, 100 * 1000 * 1000};
  while (!done) {
    // Without --out the lines are the whole product: once nobody reads them, start no
    // more devices. With --out the backups still matter, so the fetch goes on.
    if (report.reader_gone() && !plan->store) stop = true;
    int signal = sigtimedwait(&signals, nullptr, &tick);
    if (signal > 0 && stopped_by != 0) {
      // A second signal: the sessions in flight may sit in a connect for
      // --connect-timeout; the user asked twice, so end now with the lines written.
      std::fprintf(stderr, "cfgsweep fetch: stopped; the devices in flight were abandoned\n");
      // A line being written is finished first, unless its reader stalls it.
      for (int tries = 0; tries < 20 && !report.writing().try_lock(); ++tries) ::usleep(10'000);
      exit_abandoning_threads(to_int(ExitStatus::kInterrupted));
    }
    if (signal > 0) {
      stopped_by = signal;
      stop = true;
      std::fprintf(stderr,
                   "cfgsweep fetch: stopping: devices in flight finish, no new ones start "
                   "(a second signal ends the run at once)\n");
    }
  }
  runner.join();
  ssh_finalize();

  double seconds = std::chrono::duration<double>(Clock::now() - started).count();
  uint64_t ok = report.by_status().count("ok") ? report.by_status().at("ok") : 0;
  uint64_t total = 0;
  std::string counts;
  for (const auto& [status, n] : report.by_status()) {
    if (status != "save_failed") total += n;
    counts += fmt::format(", {} {}", n, status);
  }
  if (!options.quiet && !report.reader_gone())
    std::fprintf(stderr, "cfgsweep fetch: %zu devices%s | %.2f s | %.1f devices/s\n",
                 plan->jobs.size(), counts.c_str(), seconds,
                 static_cast<double>(total) / std::max(seconds, 1e-9));
  Result<ExitStatus> outcome = fetch_outcome(report, stopped_by, ok, total, *plan);
  if (recording) outcome = recording->finish(std::move(outcome), total, ok, stopped_by != 0);
  if (shard && outcome)
    return sealed_shard(&*shard, *plan, recording ? recording->run_id() : 0, *outcome);
  return outcome;
}

// `error` as the named command's: "cfgsweep fetch: ...".
Error of_command(Error error, std::string command) {
  error.command = std::move(command);
  return error;
}

}  // namespace

Result<ExitStatus> run_fetch(const RunOptions& options) {
  auto outcome = fetch(options);
  if (!outcome) return std::unexpected(of_command(std::move(outcome.error()), "fetch"));
  return outcome;
}

Result<ExitStatus> run_fetch_and_parse(RunOptions options, std::unique_ptr<Policy> policy) {
  auto fleet = prepare_fleet(options.fetch);
  if (!fleet) return std::unexpected(of_command(std::move(fleet.error()), "run"));
  return Supervisor(std::move(options), std::move(policy), fleet->get()).run();
}

}  // namespace cfgsweep
