#pragma once

#include <pthread.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace cfgsweep {

enum class JobKind : uint32_t {
  kFile = 0,   // the worker opens and maps `label` itself (zero copy)
  kArena = 1,  // the bytes are in the arena at [arena_offset, +arena_length)
};

// One unit of work, copied into and out of the ring by value.
struct JobDescriptor {
  static constexpr std::size_t kMaxLabel = 4096;
  uint64_t id = 0;
  uint32_t attempt = 1;
  JobKind kind = JobKind::kFile;
  uint64_t arena_offset = 0;
  uint64_t arena_length = 0;
  // (Before the label: the ring copies a descriptor up to the label's end.)
  // With --store: the fingerprint of this input's last stored config (16 hex digits, NUL;
  // empty for none). A config that hashes to it is not sent back (the store has it), and
  // with `reuse_if_unchanged` (--incremental) not parsed either.
  char known_fingerprint[17] = {};
  bool reuse_if_unchanged = false;
  uint64_t known_layout = 0;  // ... and where its volatile lines were: both equal to reuse
  uint32_t label_length = 0;
  char label[kMaxLabel];  // the path for kFile; the display name for kArena

  std::string_view label_view() const { return {label, label_length}; }
  // False when the label is longer than kMaxLabel.
  bool set_label(std::string_view text);
};

enum class ClaimState : uint32_t {
  kIdle = 0,
  kPending = 1,  // inside pop(): written, not yet committed by advancing the head
  kHeld = 2,     // the worker owns job_id until finish()
};

struct ClaimSnapshot {
  ClaimState state;
  uint64_t job_id;
  int64_t started_ns;
};

// A bounded ring of job descriptors in shared memory, with one claim slot per worker.
//
// Producers are threads of the supervisor; consumers are worker processes. Every ring
// operation holds a robust, process-shared pthread mutex for a few hundred nanoseconds.
// A worker can be SIGKILLed anywhere, including inside that critical section, so:
//  - the next locker gets EOWNERDEAD and repairs the ring before marking it consistent.
//    pop() writes the claim as kPending, then advances the head, then marks it kHeld;
//    a kPending claim is resolved by comparing its ring position with the head.
//  - the claim slot tells the supervisor, after it reaps a dead worker, which job that
//    worker held (reclaim()).
// Nobody ever blocks without a timeout: lock acquisition is timed, and waiting for
// jobs or for space sleeps on a futex with a timeout, never on a condition variable
// (a killed waiter can leave a shared condition variable in a bad state).
class JobRing {
 public:
  static std::size_t bytes_needed(uint32_t capacity, uint32_t slots);
  // Supervisor: lays out a fresh ring in zeroed `memory` of bytes_needed() bytes.
  static JobRing create(void* memory, uint32_t capacity, uint32_t slots);
  // Any process: attaches to a ring laid out by create(); nullopt if it is not one.
  static std::optional<JobRing> attach(void* memory);

  enum class PushResult { kPushed, kFull, kLockTimeout };
  // Producer: appends `job`, waiting up to `timeout_ns` for space.
  PushResult push(const JobDescriptor& job, int64_t timeout_ns);

  enum class PopResult { kJob, kEmpty, kShutdown, kLockTimeout };
  // Worker of `slot`: takes the oldest job into `out`, waiting up to `timeout_ns`.
  // REQUIRES: the slot's claim is kIdle (the previous job was finish()ed).
  PopResult pop(uint32_t slot, JobDescriptor* out, int64_t timeout_ns);
  // Worker of `slot`: its result is written; the claim goes back to kIdle.
  void finish(uint32_t slot);

  // Supervisor, after reaping the worker of `slot`: the id of the job it still held,
  // if any, and clears the claim so the slot can be given to a replacement worker. Only
  // under the lock (which repairs a claim the worker left pending): when the lock cannot
  // be had within `lock_timeout_ns`, `locked` is false and the claim is left untouched.
  struct Reclaimed {
    bool locked;
    std::optional<uint64_t> held;
  };
  Reclaimed reclaim(uint32_t slot, int64_t lock_timeout_ns);
  // A lock-free, possibly stale view of a claim, for the supervisor's watchdog.
  ClaimSnapshot peek_claim(uint32_t slot) const;

  // Supervisor: wakes every waiter; from then on pop() returns kShutdown at once, even
  // with jobs still queued (a worker finishes the job in hand, then exits). The supervisor
  // calls it when every job has its result, or when the run is being stopped.
  void request_shutdown();
  std::size_t queued(int64_t lock_timeout_ns);
  uint32_t capacity() const;
  uint32_t slot_count() const;

 private:
  struct Control;
  struct Claim;
  explicit JobRing(std::byte* base);
  bool lock(int64_t timeout_ns);
  void unlock();
  void repair_after_owner_death();
  Claim& claim(uint32_t slot) const;
  JobDescriptor& cell(uint64_t position) const;

  Control* control_;
  Claim* claims_;
  JobDescriptor* cells_;
};

}  // namespace cfgsweep
