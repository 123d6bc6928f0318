#include "engine/supervisor.h"

#include "engine/worker_settings.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <vector>

#include <fmt/format.h>

#include "common/clock.h"
#include "common/exit_status.h"
#include "common/fault_injection.h"
#include "engine/fleet_source.h"
#include "engine/input_walker.h"
#include "engine/metrics_file.h"
#include "engine/report/reports.h"
#include "engine/signals.h"
#include "worker/worker_loop.h"

namespace cfgsweep {

namespace {

constexpr uint32_t kRingCapacity = 512;
constexpr uint64_t kOrderedWindow = 4096;
constexpr uint64_t kMinArenaSize = 64ull << 20;
constexpr uint64_t kArenaHeadroom = 16ull << 20;
constexpr int64_t kLoopTickNs = 50'000'000;
constexpr int64_t kMemoryCheckIntervalNs = 100'000'000;
constexpr int64_t kProgressIntervalNs = 200'000'000;
constexpr int64_t kRingLockTimeoutNs = 2'000'000'000;
constexpr int64_t kWorkerExitGraceNs = 5'000'000'000;
// Per slot: this many workers in a row dying with no job in hand ends the run.
constexpr int kMaxIdleDeaths = 3;

std::string signal_text(int signal) {
  const char* name = sigabbrev_np(signal);
  return name ? fmt::format("SIG{} ({})", name, strsignal(signal))
              : fmt::format("signal {}", signal);
}

// "exited with code 127", "died from SIGSEGV (Segmentation fault)".
std::string describe_exit(int wait_status) {
  if (WIFSIGNALED(wait_status))
    return fmt::format("died from {}", signal_text(WTERMSIG(wait_status)));
  return fmt::format("exited with code {}", WEXITSTATUS(wait_status));
}

// Private resident memory of a process, from /proc: shared pages (the segment, mapped
// inputs) are not the worker's own and do not count against --worker-memory.
uint64_t private_resident_bytes(pid_t pid) {
  char path[64];
  std::snprintf(path, sizeof path, "/proc/%d/statm", pid);
  Fd fd(::open(path, O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) return 0;
  char text[256];
  long n = read_some(fd.get(), text, sizeof text - 1);
  if (n <= 0) return 0;
  text[n] = '\0';
  unsigned long size = 0, resident = 0, shared = 0;
  if (std::sscanf(text, "%lu %lu %lu", &size, &resident, &shared) != 3) return 0;
  return (resident > shared ? resident - shared : 0) * static_cast<uint64_t>(::getpagesize());
}

// Peak resident memory of this process, or of the largest reaped worker.
double peak_rss_mb(int who) {
  rusage usage{};
  getrusage(who, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

}  // namespace

Supervisor::Supervisor(RunOptions options, std::unique_ptr<Policy> policy, const FleetPlan* fleet)
    : options_(std::move(options)),
      fleet_(fleet),
      summary_(monotonic_ns()),
      policy_(std::move(policy)) {
  started_ns_ = monotonic_ns();
  if (!options_.reports.empty() && policy_) reports_ = std::make_unique<ReportCollector>(*policy_);
}

Supervisor::~Supervisor() {
  if (dispatcher_) dispatcher_->stop();
  if (source_thread_.joinable()) source_thread_.join();
}

void Supervisor::fail(ExitStatus status, const std::string& message) {
  if (!fatal_) fatal_ = Error{status, "error: " + message};  // the first is the cause
  if (dispatcher_) dispatcher_->stop();
}

void Supervisor::fail(const Error& error) { fail(error.status, error.message); }

bool Supervisor::set_up() {
  SharedSegment::remove_stale();
  if (!options_.store.empty()) {
    auto session = StoreSession::open(options_, fleet_ != nullptr,
                                      policy_ ? policy_->files : std::vector<std::string>());
    if (!session) {
      fail(session.error());
      return false;
    }
    store_ = std::move(*session);
    if (store_->resumed() && !options_.quiet)
      std::fprintf(stderr, "cfgsweep: resuming run %lld of %s\n",
                   static_cast<long long>(store_->run_id()), options_.store.c_str());
  }

  if (!options_.output.empty() && options_.output != "-") {
    output_.reset(::open(options_.output.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
    if (!output_.valid()) {
      fail(ExitStatus::kIoError,
           fmt::format("cannot open --output {}: {}", options_.output, errno_text(errno)));
      return false;
    }
  }
  if (reports_) {
    auto opened = open_reports(options_.reports);
    if (!opened) {
      fail(opened.error());
      return false;
    }
    report_files_ = std::move(*opened);
  }
  sink_ = std::make_unique<ResultSink>(output_.valid() ? output_.get() : STDOUT_FILENO,
                                       options_.ordered);

  // The arena must hold the largest member allowed, with room for others beside it.
  uint64_t arena_size = std::max(kMinArenaSize, options_.max_file_size + kArenaHeadroom);
  auto slots = static_cast<uint32_t>(options_.jobs);
  const std::size_t bytes = segment_size(kRingCapacity, slots, arena_size);
  // The segment is sparse: a /dev/shm too small for it would show up later as SIGBUS
  // while an archive member is written. Where it has not the room (Docker gives 64 MB),
  // an anonymous segment, which no mount limits, takes its place.
  std::optional<uint64_t> room = SharedSegment::named_room();
  bool anonymous = (room && *room < bytes) || fault_injection::force_anonymous_segment();
  auto segment = anonymous ? SharedSegment::create_anonymous(bytes) : SharedSegment::create(bytes);
  if (!segment) segment = SharedSegment::create_anonymous(bytes);  // no /dev/shm, read-only
  if (!segment) {
    fail(segment.error());
    return false;
  }
  segment_ = std::move(*segment);
  WorkerSettings settings = worker_settings_for(options_);
  settings.store_configs = store_ != nullptr;
  view_ = lay_out_segment(*segment_, kRingCapacity, slots, arena_size, settings);
  dispatcher_ = std::make_unique<JobDispatcher>(view_->ring, view_->arena, arena_size,
                                                options_.ordered ? kOrderedWindow : 0);
  dispatcher_->name_devices(options_.device_from, options_.command == RunOptions::Command::kRun);
  if (store_) dispatcher_->look_up_priors(store_->prior_lookup());
  if (options_.shard.active()) {
    shard_ = std::make_unique<ShardLedger>(options_, fleet_ != nullptr,
                                           policy_ ? policy_->files : std::vector<std::string>());
    dispatcher_->shard(options_.shard,
                       fleet_ ? fleet_positions(*fleet_) : JobDispatcher::PositionLookup());
    sink_->digest_into(&output_digest_);  // the manifest's hash, without reading it back
  }
  dispatcher_->wake_for_first_jobs(slots);
  pool_ = std::make_unique<WorkerPool>(segment_->name(), segment_->inheritable_fd(), slots);
  return true;  // the workers start as inputs arrive: start_workers_for_inputs()
}

std::set<FileIdentity> Supervisor::own_outputs() const {
  std::set<FileIdentity> files;
  auto add = [&](int fd) {
    struct stat info;
    if (::fstat(fd, &info) == 0 && S_ISREG(info.st_mode)) files.insert({info.st_dev, info.st_ino});
  };
  add(output_.valid() ? output_.get() : STDOUT_FILENO);
  for (const OpenReport& report : report_files_) add(report.fd());
  return files;
}

void Supervisor::start_source_thread() {
  WalkOptions walk{options_.include, options_.exclude, options_.max_file_size, own_outputs()};
  source_thread_ = std::thread([this, walk] {
    if (fleet_) {
      feed_from_fleet(*fleet_, dispatcher_.get(), options_.max_file_size, &fetch_sessions_);
    } else {
      InputWalker walker(dispatcher_.get(), walk, &std::cin);
      walker.walk(options_.paths);
    }
    dispatcher_->finish_submitting();
    source_done_ns_ = monotonic_ns();
    source_done_ = true;
  });
}

Result<ExitStatus> Supervisor::run() {
  SupervisorSignals::install();  // before any thread or child exists
  if (set_up()) {
    start_source_thread();
    main_loop();
  }
  if (dispatcher_) dispatcher_->stop();
  bool abandoned = !join_source_thread();
  if (pool_) stop_workers();
  if (sink_) {
    write_dispatcher_results();
    if (!sink_->flush_held()) output_failed();
  }
  // An abandoned source thread may still be writing an archive member into the arena:
  // only the name goes, the mapping stays until the process ends (at once, below).
  if (abandoned && segment_)
    segment_->remove();
  else
    segment_.reset();  // removes the segment name
  if (reports_ && !fatal_) {
    if (auto written = write_reports(report_files_, *reports_, options_.policy); !written)
      fail(written.error());
  }
  if (!sink_ || !sink_->reader_gone()) show_progress(/*final=*/true);
  if (abandoned) {
    std::fprintf(stderr, "cfgsweep: stopped; the inputs still being read were abandoned\n");
    exit_abandoning_threads(to_int(ExitStatus::kInterrupted));
  }
  Result<ExitStatus> result = outcome();
  if (store_) close_store(result);
  result = outcome();  // closing the store may fail the run
  if (shard_) result = write_shard_manifest(std::move(result));
  if (!options_.metrics.empty()) write_metrics(result);
  return result;
}

void Supervisor::write_result(uint64_t id, std::string_view json, ResultStatus status,
                              uint64_t bytes) {
  if (shard_) shard_->wrote(id);
  sink_->emit(id, json);
  if (reports_) reports_->add(json);
  summary_.add(status, bytes);
}

void Supervisor::output_failed() {
  if (sink_->reader_gone()) {
    if (dispatcher_) dispatcher_->stop();  // nobody reads the rest: stop, quietly
  } else if (!fatal_) {
    fail(ExitStatus::kIoError, fmt::format("cannot write results: {}", sink_->error()));
  }
}

bool Supervisor::join_source_thread() {
  if (!source_thread_.joinable()) return true;
  // A fleet source may wait on SSH sessions stuck in connect (a stdin list on a terminal
  // read): a second signal must not wait for them (see exit_abandoning_threads).
  while (!source_done_) {
    timespec tick{0, kLoopTickNs};
    ::ppoll(nullptr, 0, &tick, SupervisorSignals::wait_mask());
    if (int signal = SupervisorSignals::take_stop_request()) {
      bool second = stop_signal_ != 0;
      request_stop(signal);
      if (second) return false;
    }
  }
  source_thread_.join();
  return true;
}

void Supervisor::start_workers_for_inputs() {
  uint64_t inputs = dispatcher_->jobs_submitted();
  while (workers_started_ < pool_->size() && workers_started_ < inputs && !fatal_) {
    if (auto spawned = pool_->spawn(workers_started_); !spawned) fail(spawned.error());
    ++workers_started_;
  }
}

void Supervisor::main_loop() {
  for (;;) {
    start_workers_for_inputs();
    wait_for_events();
    if (int signal = SupervisorSignals::take_stop_request()) request_stop(signal);
    if (SupervisorSignals::take_child_exited()) reap_children();
    for (std::size_t slot : ready_slots_) read_results(slot, ReadUntil::kShortRead);
    write_dispatcher_results();
    dispatcher_->push_retries();
    enforce_limits();
    if (!sink_->flush()) output_failed();
    dispatcher_->on_written(sink_->next_in_order());
    if (store_)
      if (auto committed = store_->maybe_commit(monotonic_ns()); !committed)
        fail(committed.error());
    show_progress(false);
    if (fatal_ || stop_signal_ || sink_->reader_gone() || dispatcher_->finished()) return;
  }
}

void Supervisor::wait_for_events() {
  poll_fds_.clear();
  poll_slots_.clear();
  poll_fds_.push_back({dispatcher_->wake_fd(), POLLIN, 0});
  for (std::size_t slot = 0; slot < pool_->size(); ++slot) {
    const WorkerSlot& worker = pool_->slot(slot);
    if (!worker.results.valid()) continue;
    poll_fds_.push_back({worker.results.get(), POLLIN, 0});
    poll_slots_.push_back(slot);
  }
  timespec tick{0, kLoopTickNs};
  int ready = ::ppoll(poll_fds_.data(), poll_fds_.size(), &tick, SupervisorSignals::wait_mask());
  ready_slots_.clear();
  for (std::size_t i = 1; ready > 0 && i < poll_fds_.size(); ++i)
    if (poll_fds_[i].revents != 0) ready_slots_.push_back(poll_slots_[i - 1]);
}

void Supervisor::read_results(std::size_t index, ReadUntil until) {
  WorkerSlot& worker = pool_->slot(index);
  if (!worker.results.valid()) return;
  char buffer[64 * 1024];
  for (;;) {
    long n = read_some(worker.results.get(), buffer, sizeof buffer);
    if (n <= 0) {
      if (n == 0) worker.results.reset();  // EOF: the worker is gone or going
      break;
    }
    worker.decoder.feed(buffer, static_cast<std::size_t>(n));
    // A short read emptied the pipe for now; ppoll reports what arrives next.
    const bool pipe_emptied = static_cast<std::size_t>(n) < sizeof buffer;
    while (auto frame = worker.decoder.next()) {
      if (!dispatcher_->complete(frame->header.job_id)) continue;  // already resolved
      deaths_without_work_ = 0;                                    // a worker works
      ++worker.jobs_done;
      if (store_) {
        write_stored_frame(*frame);
        continue;
      }
      auto status = static_cast<ResultStatus>(frame->header.status);
      worst_finding_ = std::max(worst_finding_, frame->header.worst_finding);
      for (std::size_t i = 0; i < failed_by_severity_.size(); ++i)
        failed_by_severity_[i] += frame->header.failed_by_severity[i];
      write_result(frame->header.job_id, frame->payload, status, frame->header.input_bytes);
    }
    if (worker.decoder.corrupt()) {
      // Cannot resynchronise: kill the worker; its held job is retried after the reap.
      pool_->kill_worker(index, SIGKILL, KillReason::kNone);
      worker.results.reset();
      break;
    }
    if (pipe_emptied && until == ReadUntil::kShortRead) break;
  }
}

// With --store: the result is recorded (and a reused one becomes the stored result it
// stands for) before it is written.
void Supervisor::write_stored_frame(const Frame& frame) {
  const bool reused = frame.header.flags & FrameHeader::kReused;
  auto written = store_->record_frame(frame.payload, frame.attachment, reused, frame.header.layout);
  if (!written) {
    fail(written.error());
    return;
  }
  if (written->reused) ++reused_;
  worst_finding_ = std::max(worst_finding_, written->worst);
  for (std::size_t i = 0; i < failed_by_severity_.size(); ++i)
    failed_by_severity_[i] += written->failed_by_severity[i];
  write_result(frame.header.job_id, written->json, written->status, frame.header.input_bytes);
}

void Supervisor::reap_children() {
  int wait_status = 0;
  pid_t pid;
  while ((pid = ::waitpid(-1, &wait_status, WNOHANG)) > 0) {
    int slot = pool_->slot_of(pid);
    if (slot >= 0) on_worker_exit(static_cast<std::size_t>(slot), wait_status);
  }
}

void Supervisor::on_worker_exit(std::size_t index, int wait_status) {
  WorkerSlot& worker = pool_->slot(index);
  // Everything the worker wrote before dying is still in the pipe: take it first, so a
  // job whose result arrived whole is never run twice.
  read_results(index, ReadUntil::kEmpty);
  worker.results.reset();
  worker.pid = 0;
  auto [locked, held] = view_->ring.reclaim(static_cast<uint32_t>(index), kRingLockTimeoutNs);
  if (!locked) {
    // A live process has held the ring's lock for seconds (stopped inside it, say): the
    // dead worker's claim cannot be read safely, and no worker can take jobs either.
    fail(ExitStatus::kOsError,
         "the job ring stayed locked while a dead worker's job was reclaimed");
    return;
  }

  int code = WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : -1;
  if (held) {
    ResultStatus status = ResultStatus::kCrashed;
    std::string error_code = "crashed", message;
    if (worker.kill_reason == KillReason::kTimeout) {
      status = ResultStatus::kTimeout;
      error_code = "timeout";
      message = fmt::format(
          "parsing took longer than --timeout-per-file ({} s); the worker "
          "was killed",
          options_.timeout_per_file);
    } else if (worker.kill_reason == KillReason::kMemory || code == kWorkerExitOom) {
      status = ResultStatus::kOom;
      error_code = "oom";
      message = fmt::format("the worker exceeded --worker-memory ({} MiB) and was stopped",
                            options_.worker_memory >> 20);
    } else {
      message = fmt::format("the worker {} while parsing this input", describe_exit(wait_status));
    }
    dispatcher_->fail_attempt(*held, status, error_code, message);
  }
  // A worker that dies holding no job, unasked, did no work: if they keep doing that the
  // pool cannot start (a missing library, an address-space limit, a broken segment), and
  // respawning them without end would spin with no result and no message. Such a worker
  // exits or aborts; a SIGKILL comes from outside (an operator, the OOM killer, the chaos
  // test, this supervisor's limits) and says nothing of whether workers can start: under
  // ASan, where a worker takes a while to start, the chaos test's kills made 9 "idle deaths"
  // in a row and stopped a healthy run.
  const bool killed = WIFSIGNALED(wait_status) && WTERMSIG(wait_status) == SIGKILL;
  if (!killed) {
    const bool died_idle = !held && worker.kill_reason == KillReason::kNone;
    deaths_without_work_ = died_idle ? deaths_without_work_ + 1 : 0;
  }
  if (deaths_without_work_ >=
      kMaxIdleDeaths * static_cast<int>(std::max<std::size_t>(1, workers_started_))) {
    fail(ExitStatus::kOsError,
         fmt::format("workers keep dying before they take a job ({} in a row, the last {}); "
                     "their messages above say why",
                     deaths_without_work_, describe_exit(wait_status)));
    return;
  }
  if (!stop_signal_ && !fatal_ && !dispatcher_->finished()) replace_worker(index);
}

void Supervisor::replace_worker(std::size_t index) {
  ++worker_restarts_;
  if (auto spawned = pool_->spawn(index); !spawned) fail(spawned.error());
}

void Supervisor::enforce_limits() {
  const int64_t now = monotonic_ns();
  const auto timeout_ns = static_cast<int64_t>(options_.timeout_per_file * 1e9);
  const bool check_memory = now - last_memory_check_ns_ >= kMemoryCheckIntervalNs;
  if (check_memory) last_memory_check_ns_ = now;
  for (std::size_t index = 0; index < pool_->size(); ++index) {
    WorkerSlot& worker = pool_->slot(index);
    if (worker.pid <= 0 || worker.kill_reason != KillReason::kNone) continue;
    ClaimSnapshot claim = view_->ring.peek_claim(static_cast<uint32_t>(index));
    if (claim.state != ClaimState::kHeld) continue;
    if (now - claim.started_ns > timeout_ns) {
      pool_->kill_worker(index, SIGKILL, KillReason::kTimeout);
    } else if (check_memory && private_resident_bytes(worker.pid) > options_.worker_memory) {
      pool_->kill_worker(index, SIGKILL, KillReason::kMemory);
    }
  }
}

void Supervisor::write_dispatcher_results() {
  if (!dispatcher_) return;  // set_up() failed before the segment existed
  for (auto& ready : dispatcher_->take_ready()) {
    if (store_) {
      // A resumed run's earlier results count toward its exit code and totals as they did.
      auto written = store_->record_ready(ready.json, ready.stored, ready.status);
      if (!written) {
        fail(written.error());
        continue;
      }
      if (written->reused) ++reused_;
      worst_finding_ = std::max(worst_finding_, written->worst);
      for (std::size_t i = 0; i < failed_by_severity_.size(); ++i)
        failed_by_severity_[i] += written->failed_by_severity[i];
    }
    write_result(ready.id, ready.json, ready.status, 0);
  }
}

void Supervisor::request_stop(int signal) {
  if (stop_signal_) {
    pool_->signal_all(SIGKILL);  // a second signal: stop now
    return;
  }
  stop_signal_ = signal;
  std::fprintf(stderr, "\ncfgsweep: %s: finishing the inputs in progress, then stopping\n",
               signal_text(signal).c_str());
}

void Supervisor::stop_workers() {
  // Workers finish the job in hand, see the shutdown flag and exit. Any that do not
  // within the grace period are killed; their jobs then have no result, which only an
  // interrupted run allows.
  view_->ring.request_shutdown();
  const int64_t grace_end = monotonic_ns() + kWorkerExitGraceNs;
  bool killed = false;
  while (pool_->live_count() > 0) {
    for (std::size_t slot = 0; slot < pool_->size(); ++slot) read_results(slot, ReadUntil::kEmpty);
    int wait_status;
    pid_t pid = ::waitpid(-1, &wait_status, WNOHANG);
    if (pid > 0) {
      int slot = pool_->slot_of(pid);
      if (slot >= 0) {
        read_results(static_cast<std::size_t>(slot), ReadUntil::kEmpty);
        auto& worker = pool_->slot(static_cast<std::size_t>(slot));
        worker.pid = 0;
        worker.results.reset();
      }
      continue;
    }
    if (!killed && monotonic_ns() > grace_end) {
      pool_->signal_all(SIGKILL);
      killed = true;
    }
    if (SupervisorSignals::take_stop_request() && !killed) {
      pool_->signal_all(SIGKILL);
      killed = true;
    }
    timespec nap{0, 10'000'000};
    ::ppoll(nullptr, 0, &nap, SupervisorSignals::wait_mask());
  }
}

void Supervisor::show_progress(bool final) {
  if (final) {
    if (options_.progress) std::fputs("\r\033[K", stderr);
    if (!options_.quiet)
      std::fprintf(stderr, "%s | peak RSS: supervisor %.1f MB, largest worker %.1f MB\n",
                   summary_.summary_line(monotonic_ns()).c_str(), peak_rss_mb(RUSAGE_SELF),
                   peak_rss_mb(RUSAGE_CHILDREN));
    return;
  }
  if (!options_.progress) return;
  int64_t now = monotonic_ns();
  if (now - last_progress_ns_ < kProgressIntervalNs) return;
  last_progress_ns_ = now;
  std::fputs(summary_.progress_line(now, dispatcher_->submitted(), source_done_).c_str(), stderr);
  std::fflush(stderr);
}

}  // namespace cfgsweep
