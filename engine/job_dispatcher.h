#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "common/arena_allocator.h"
#include "common/device_name.h"
#include "common/fd.h"
#include "common/job_ring.h"
#include "common/result_record.h"
#include "common/shard.h"

namespace cfgsweep {

// Hands inputs from the source thread to the workers and keeps the supervisor's record of
// every job that has an id but no result yet. Ids are dense and in input order, and
// every id gets exactly one result: a worker's frame, a retry's frame, or a record
// written here (a note, or a failure after the last attempt).
//
// Thread-safety: the submit_* calls come from the source thread; everything else from
// the supervisor's main thread. Internally one mutex guards the table and the arena
// allocator; it is never held while waiting on the ring.
class JobDispatcher {
 public:
  struct Job {
    std::string label;
    JobKind kind = JobKind::kFile;
    uint64_t arena_offset = 0;
    uint64_t arena_length = 0;
    uint32_t attempt = 1;
    std::string known_fingerprint;  // Prior::fingerprint
    uint64_t known_layout = 0;
    bool reuse_if_unchanged = false;
  };

  // What the run store knows of an input before it is read (--store): the result this run
  // already has of it (--resume: `done`; written again unless its config changed since), or
  // the fingerprint of its last stored config (the worker then neither sends it back nor,
  // with `reuse_if_unchanged`, parses it when it is unchanged).
  struct Prior {
    bool done = false;
    ResultStatus status = ResultStatus::kOk;  // when done
    std::string json;                         // when done
    std::string fingerprint;
    uint64_t layout = 0;
    bool reuse_if_unchanged = false;
  };
  // Called on the source thread for every input; must be safe there (it reads tables made
  // before the run started).
  using PriorLookup = std::function<Prior(std::string_view source, std::string_view member)>;

  // `ordered_window`: with --ordered, how many ids may be handed out past the oldest one
  // not yet written, which bounds the reorder buffer; 0 for no bound (as-completed).
  JobDispatcher(JobRing ring, std::byte* arena, uint64_t arena_size, uint64_t ordered_window);

  // How the records the supervisor writes (notes, inputs whose workers died) name their
  // device, as the workers name theirs (WorkerSettings). Before any job is submitted.
  void name_devices(DeviceFrom from, bool fetched) {
    device_from_ = from;
    fetched_ = fetched;
  }

  // Before any job is submitted.
  void look_up_priors(PriorLookup lookup) { prior_ = std::move(lookup); }

  // --shard: only the inputs whose device is in `spec`'s shard become jobs or notes; the
  // others are counted and left to the other shards. A device is named as before parsing
  // (--device-from hostname shards by the file's name). `position`, when set, gives an
  // input's place among all shards' inputs (`run`, whose devices arrive as they are
  // fetched); otherwise it is the order the inputs are found in. Before any job is submitted.
  using PositionLookup = std::function<uint64_t(std::string_view source, std::string_view member)>;
  void shard(ShardSpec spec, PositionLookup position = {});
  // Once submitting is over: how many inputs all the shards have, and a digest of their
  // names in the order found (the shards of one run agree on both).
  uint64_t inputs_seen() const { return seen_; }
  uint64_t inputs_digest() const { return seen_digest_; }
  // Main thread, sharded runs: the position among all shards' inputs of the input `id`.
  uint64_t position(uint64_t id) const;

  // --- source thread. Each returns false once stop() was called.
  bool submit_file(std::string_view path);
  // Reserves `size` bytes of arena, lets `fill` write them (it returns false on a read
  // error, and then `fill_error` says why), and queues the job.
  bool submit_bytes(std::string_view archive, std::string_view member, uint64_t size,
                    const std::function<bool(std::byte*, ResultError*)>& fill);
  // An input that gets its result without a worker (skipped, unreadable, bad archive).
  bool submit_note(ResultRecord record);
  // --resume: the status of this input's result when the run store has it already, and
  // queueing that result (true unless stopping) as submit_file would: for a source that
  // would cost a fetch.
  std::optional<ResultStatus> stored_result(std::string_view source, std::string_view member) const;
  bool submit_stored_result(std::string_view source, std::string_view member);
  void finish_submitting();

  // --- main thread.
  // Readable when notes or failures are waiting in take_ready().
  int wake_fd() const { return wake_.get(); }
  // Results produced by the dispatcher itself, as (id, status, JSON).
  struct Ready {
    uint64_t id;
    ResultStatus status;
    std::string json;
    bool stored = false;  // a result the run store has already (--resume)
  };
  std::vector<Ready> take_ready();
  // A worker delivered the result of `id`: forget the job, free its arena block.
  // False for an id that is not outstanding (a result that arrived twice).
  bool complete(uint64_t id);
  // The worker holding `id` died. Requeues the job for a second attempt, or, after the
  // last one, records its failure result (status and error) for take_ready().
  void fail_attempt(uint64_t id, ResultStatus status, const std::string& code,
                    const std::string& message);
  // Pushes requeued jobs while the ring has room; never blocks.
  void push_retries();
  // The sink wrote every id below `next_id`; lets an --ordered source go on.
  void on_written(uint64_t next_id);
  bool finished() const;  // submitting is over and every id has its result
  void stop();            // stop accepting input (SIGINT/SIGTERM, fatal error)
  uint64_t submitted() const;
  // Inputs submitted as jobs for the workers (notes such as a FIFO's excluded).
  uint64_t jobs_submitted() const;
  // Main thread, before submitting starts: wake the main thread for each of the first `n`
  // jobs (the supervisor starts a worker for each).
  void wake_for_first_jobs(uint64_t n) { wake_for_first_jobs_ = n; }

  static constexpr uint32_t kMaxAttempts = 2;

 private:
  bool wait_for_window(std::unique_lock<std::mutex>& lock);
  // Source thread: whether the input is this shard's (always, unsharded); counts it.
  bool admit(std::string_view source, std::string_view member);
  bool submit_admitted_note(ResultRecord record);
  uint64_t take_id_locked();
  // The input's Prior; true when it was done already and its stored result is queued.
  // `replay`: queue a done input's stored result even when it has a fingerprint.
  bool resolved_from_store(std::string_view source, std::string_view member, Job* job,
                           bool* submitted, bool replay = false);
  bool submit_ready(ResultStatus status, std::string json, bool stored);
  uint64_t register_job(Job job);
  bool push_until_stopped(const JobDescriptor& descriptor);
  void make_ready(uint64_t id, ResultStatus status, std::string json);
  void wake_main_thread();
  void free_block_locked(const Job& job);
  JobDescriptor descriptor_for(uint64_t id, const Job& job) const;

  JobRing ring_;
  std::byte* arena_;
  uint64_t ordered_window_;
  Fd wake_;

  mutable std::mutex mutex_;
  std::condition_variable changed_;  // arena freed, window moved, or stopping
  ArenaAllocator allocator_;
  std::unordered_map<uint64_t, Job> outstanding_;
  std::deque<uint64_t> retries_;
  std::vector<Ready> ready_;
  uint64_t next_id_ = 0;
  uint64_t jobs_registered_ = 0;
  uint64_t wake_for_first_jobs_ = 0;
  uint64_t next_written_ = 0;
  bool submitting_done_ = false;
  bool stopping_ = false;
  DeviceFrom device_from_ = DeviceFrom::kName;
  bool fetched_ = false;
  PriorLookup prior_;
  ShardSpec shard_;
  PositionLookup position_of_;
  uint64_t seen_ = 0;                // source thread
  uint64_t seen_digest_ = 0;         // source thread
  uint64_t pending_position_ = 0;    // source thread: the admitted input's
  std::vector<uint64_t> positions_;  // by id (sharded runs), under the mutex
};

}  // namespace cfgsweep
