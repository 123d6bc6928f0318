#include "worker/worker_loop.h"

#include "common/fault_injection.h"

#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <bsd/unistd.h>

#include <algorithm>
#include <cstdio>
#include <new>
#include <string>
#include <string_view>

#include "common/fd.h"
#include "common/frame.h"
#include "common/json_writer.h"
#include "common/segment_layout.h"
#include "worker/job_processor.h"

#if defined(__SANITIZE_ADDRESS__)
#define CFGSWEEP_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CFGSWEEP_ASAN 1
#endif
#endif

namespace cfgsweep {

namespace {

constexpr int64_t kPopWaitNs = 200'000'000;
constexpr int64_t kAddressSpaceSlack = 256ull << 20;  // code, stacks, allocator arenas

// A hard ceiling for fast blow-ups; the supervisor's RSS watchdog enforces
// --worker-memory itself. The limit counts every mapping, so the shared segment and
// one mapped input are added to it. ASan reserves terabytes of shadow, so not under ASan.
void limit_address_space(uint64_t worker_memory, std::size_t segment_size, uint64_t max_file_size) {
#ifndef CFGSWEEP_ASAN
  if (worker_memory == 0) return;
  rlimit limit;
  limit.rlim_cur = limit.rlim_max =
      worker_memory + segment_size + max_file_size + kAddressSpaceSlack;
  setrlimit(RLIMIT_AS, &limit);
#else
  (void)worker_memory, (void)segment_size, (void)max_file_size;
#endif
}

void set_up_signals() {
  // The supervisor decides when a worker stops; a terminal's Ctrl-C goes to the
  // supervisor's process group, not here. SIGPIPE would kill us silently: let write fail.
  signal(SIGINT, SIG_IGN);
  signal(SIGPIPE, SIG_IGN);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
}

}  // namespace

// "cfgsweep: worker 3: configs/edge1.cfg" in ps and top: who parses what. The label's
// bytes that a terminal would act on are shown as '?'; an archive member is "ARCHIVE:MEMBER".
static void name_process(uint32_t slot, std::string_view label) {
  std::string shown;
  shown.reserve(std::min<std::size_t>(label.size(), 200));
  for (char c : label.substr(0, 200)) {
    auto u = static_cast<unsigned char>(c);
    shown.push_back(c == '\0' ? ':' : (u < 0x20 || u == 0x7f) ? '?' : c);
  }
  setproctitle("-cfgsweep: worker %u: %s", slot, shown.c_str());
}

int run_worker(const WorkerArgs& args) {
  // Die with the supervisor, and catch the case where it died before prctl ran.
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != args.supervisor) return kWorkerExitOrphaned;
  if (int code = fault_injection::worker_start_exit_code()) return code;
  set_up_signals();

  // The worker process's own top level: its errors end here, as an exit code the
  // supervisor reads (it counts setup failures in a row).
  auto attached = SharedSegment::attach(args.segment_name);
  if (!attached) {
    std::fprintf(stderr, "cfgsweep worker %u: %s\n", args.slot, attached.error().message.c_str());
    return kWorkerExitSetupFailed;
  }
  std::unique_ptr<SharedSegment> segment = std::move(*attached);
  auto view = open_segment(*segment);
  if (!view || args.slot >= view->ring.slot_count()) {
    std::fprintf(stderr, "cfgsweep worker %u: not a cfgsweep segment\n", args.slot);
    return kWorkerExitSetupFailed;
  }
  const WorkerSettings settings = view->header->settings;
  if (args.argv) setproctitle_init(args.argc, args.argv, args.envp);
  name_process(args.slot, "idle");
  limit_address_space(settings.worker_memory, segment->size(), settings.max_file_size);

  try {
    JobProcessor processor(settings, view->arena, view->header->arena_size);
    JsonWriter json;
    std::string frame;
    auto job = std::make_unique<JobDescriptor>();
    for (;;) {
      switch (view->ring.pop(args.slot, job.get(), kPopWaitNs)) {
        case JobRing::PopResult::kShutdown:
          return kWorkerExitDone;
        case JobRing::PopResult::kEmpty:
        case JobRing::PopResult::kLockTimeout:
          if (getppid() != args.supervisor) return kWorkerExitOrphaned;
          if (int code = fault_injection::worker_start_exit_code()) return code;
          continue;
        case JobRing::PopResult::kJob:
          break;
      }
      name_process(args.slot, job->label_view());
      uint64_t input_bytes = 0;
      JobProcessor::StoreOutput store;
      ResultStatus status = processor.process(*job, &json, &input_bytes, &store);
      frame.clear();
      encode_frame(job->id, static_cast<uint8_t>(status), input_bytes, json.view(), &frame,
                   processor.worst_finding(), processor.failed_by_severity(), store.config_zstd,
                   store.reused ? FrameHeader::kReused : 0, store.layout);
      if (!write_all(kWorkerResultFd, frame)) return kWorkerExitPipeFailed;
      // Only now is the job done. A worker killed before this line still holds the job
      // in its claim; the supervisor drains this pipe first, so a frame that arrived whole
      // completes the job and the claim is ignored; a cut-off frame means a retry.
      view->ring.finish(args.slot);
    }
  } catch (const std::bad_alloc&) {
    return kWorkerExitOom;
  }
}

}  // namespace cfgsweep
