#include "common/job_ring.h"

#include <time.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <new>

#include "common/clock.h"
#include "common/fault_injection.h"
#include "common/futex.h"

namespace cfgsweep {

bool JobDescriptor::set_label(std::string_view text) {
  if (text.size() > kMaxLabel) return false;
  std::memcpy(label, text.data(), text.size());
  label_length = static_cast<uint32_t>(text.size());
  return true;
}

struct JobRing::Control {
  static constexpr uint64_t kMagic = 0x63667377'72696e67;  // "cfswring"
  uint64_t magic;
  uint32_t capacity;
  uint32_t slot_count;
  pthread_mutex_t mutex;               // robust, process-shared; guards head, tail, cells, claims
  uint64_t head;                       // next position to pop
  uint64_t tail;                       // next position to push
  std::atomic<uint32_t> jobs_posted;   // futex: bumped on every push
  std::atomic<uint32_t> space_posted;  // futex: bumped on every pop
  std::atomic<uint32_t> consumers_waiting;
  std::atomic<uint32_t> producers_waiting;
  std::atomic<uint32_t> shutdown;
};

struct JobRing::Claim {
  std::atomic<uint32_t> state;
  std::atomic<uint64_t> ring_position;
  std::atomic<uint64_t> job_id;
  std::atomic<int64_t> started_ns;
};

// Sleeps while `*posted` still equals `seen`, until `deadline_ns`, registered in
// `waiters` so that the other side only pays for a wake-up when someone sleeps.
// False once the deadline has passed.
static bool sleep_until_posted(std::atomic<uint32_t>* posted, uint32_t seen,
                               std::atomic<uint32_t>* waiters, int64_t deadline_ns) {
  int64_t remaining = deadline_ns - monotonic_ns();
  if (remaining <= 0) return false;
  waiters->fetch_add(1);
  futex_wait(posted, seen, remaining);
  waiters->fetch_sub(1);
  return true;
}

static std::size_t align64(std::size_t n) { return (n + 63) / 64 * 64; }

std::size_t JobRing::bytes_needed(uint32_t capacity, uint32_t slots) {
  return align64(sizeof(Control)) + align64(sizeof(Claim) * slots) +
         sizeof(JobDescriptor) * capacity;
}

JobRing::JobRing(std::byte* base)
    : control_(reinterpret_cast<Control*>(base)),
      claims_(reinterpret_cast<Claim*>(base + align64(sizeof(Control)))),
      cells_(nullptr) {
  cells_ = reinterpret_cast<JobDescriptor*>(base + align64(sizeof(Control)) +
                                            align64(sizeof(Claim) * control_->slot_count));
}

JobRing JobRing::create(void* memory, uint32_t capacity, uint32_t slots) {
  auto* control = new (memory) Control{};
  control->magic = Control::kMagic;
  control->capacity = capacity;
  control->slot_count = slots;
  pthread_mutexattr_t attributes;
  pthread_mutexattr_init(&attributes);
  pthread_mutexattr_setpshared(&attributes, PTHREAD_PROCESS_SHARED);
  pthread_mutexattr_setrobust(&attributes, PTHREAD_MUTEX_ROBUST);
  pthread_mutex_init(&control->mutex, &attributes);
  pthread_mutexattr_destroy(&attributes);
  JobRing ring(static_cast<std::byte*>(memory));
  for (uint32_t i = 0; i < slots; ++i) new (&ring.claims_[i]) Claim{};
  return ring;
}

std::optional<JobRing> JobRing::attach(void* memory) {
  auto* control = static_cast<Control*>(memory);
  if (control->magic != Control::kMagic) return std::nullopt;
  return JobRing(static_cast<std::byte*>(memory));
}

JobRing::Claim& JobRing::claim(uint32_t slot) const { return claims_[slot]; }

JobDescriptor& JobRing::cell(uint64_t position) const {
  return cells_[position % control_->capacity];
}

uint32_t JobRing::capacity() const { return control_->capacity; }
uint32_t JobRing::slot_count() const { return control_->slot_count; }

// The deadline is on CLOCK_MONOTONIC (pthread_mutex_clocklock), so a step of the wall
// clock cannot stretch or cut a wait; a deadline already past is a try-lock, never a
// negative timespec (which the call would reject with EINVAL).
bool JobRing::lock(int64_t timeout_ns) {
  constexpr int64_t kNsPerSecond = 1000 * 1000 * 1000;
  const int64_t deadline_ns = monotonic_ns() + std::max<int64_t>(timeout_ns, 0);
  const timespec deadline{static_cast<time_t>(deadline_ns / kNsPerSecond),
                          static_cast<long>(deadline_ns % kNsPerSecond)};
  int rc = pthread_mutex_clocklock(&control_->mutex, CLOCK_MONOTONIC, &deadline);
  if (rc == EOWNERDEAD) {
    // The previous holder died inside a critical section. Make the data consistent
    // before telling the mutex so; otherwise the next owner would see a torn pop.
    repair_after_owner_death();
    pthread_mutex_consistent(&control_->mutex);
    return true;
  }
  return rc == 0;
}

void JobRing::unlock() { pthread_mutex_unlock(&control_->mutex); }

void JobRing::repair_after_owner_death() {
  // Only a worker inside pop() leaves a kPending claim, and the lock admits one such
  // worker at a time, so at most one claim is pending. If the head moved past its
  // position, the job left the ring and the dead worker owns it (the supervisor will
  // reclaim it); otherwise the job is still at the head and the claim is void.
  for (uint32_t slot = 0; slot < control_->slot_count; ++slot) {
    Claim& c = claim(slot);
    if (c.state.load() != static_cast<uint32_t>(ClaimState::kPending)) continue;
    bool committed = control_->head == c.ring_position.load() + 1;
    c.state.store(static_cast<uint32_t>(committed ? ClaimState::kHeld : ClaimState::kIdle));
  }
  if (control_->tail < control_->head) control_->tail = control_->head;
}

JobRing::PushResult JobRing::push(const JobDescriptor& job, int64_t timeout_ns) {
  const int64_t deadline = monotonic_ns() + timeout_ns;
  for (;;) {
    uint32_t seen = control_->space_posted.load();
    if (!lock(deadline - monotonic_ns())) return PushResult::kLockTimeout;
    if (control_->tail - control_->head < control_->capacity) {
      JobDescriptor& target = cell(control_->tail);
      std::memcpy(&target, &job, offsetof(JobDescriptor, label) + job.label_length);
      ++control_->tail;
      unlock();
      control_->jobs_posted.fetch_add(1);
      if (control_->consumers_waiting.load() > 0) futex_wake(&control_->jobs_posted, 1);
      return PushResult::kPushed;
    }
    unlock();
    if (!sleep_until_posted(&control_->space_posted, seen, &control_->producers_waiting, deadline))
      return PushResult::kFull;
  }
}

JobRing::PopResult JobRing::pop(uint32_t slot, JobDescriptor* out, int64_t timeout_ns) {
  const int64_t deadline = monotonic_ns() + timeout_ns;
  Claim& mine = claim(slot);
  for (;;) {
    if (control_->shutdown.load()) return PopResult::kShutdown;
    uint32_t seen = control_->jobs_posted.load();
    if (!lock(deadline - monotonic_ns())) return PopResult::kLockTimeout;
    if (control_->head != control_->tail) {
      const uint64_t position = control_->head;
      const JobDescriptor& source = cell(position);
      std::memcpy(out, &source, offsetof(JobDescriptor, label) + source.label_length);
      mine.job_id.store(source.id);
      mine.started_ns.store(monotonic_ns());
      mine.ring_position.store(position);
      mine.state.store(static_cast<uint32_t>(ClaimState::kPending));
      fault_injection::pause_in_ring_critical_section();
      control_->head = position + 1;  // the commit point
      fault_injection::pause_in_ring_critical_section();
      mine.state.store(static_cast<uint32_t>(ClaimState::kHeld));
      unlock();
      control_->space_posted.fetch_add(1);
      if (control_->producers_waiting.load() > 0) futex_wake(&control_->space_posted, INT_MAX);
      return PopResult::kJob;
    }
    unlock();
    if (!sleep_until_posted(&control_->jobs_posted, seen, &control_->consumers_waiting, deadline))
      return PopResult::kEmpty;
  }
}

void JobRing::finish(uint32_t slot) {
  claim(slot).state.store(static_cast<uint32_t>(ClaimState::kIdle));
}

JobRing::Reclaimed JobRing::reclaim(uint32_t slot, int64_t lock_timeout_ns) {
  // Taking the lock first resolves a claim its worker left pending (repair runs there).
  // Without the lock a pending claim cannot be told apart, so the claim is left alone.
  if (!lock(lock_timeout_ns)) return {.locked = false, .held = std::nullopt};
  Claim& c = claim(slot);
  std::optional<uint64_t> held;
  if (c.state.load() == static_cast<uint32_t>(ClaimState::kHeld)) held = c.job_id.load();
  c.state.store(static_cast<uint32_t>(ClaimState::kIdle));
  unlock();
  return {.locked = true, .held = held};
}

ClaimSnapshot JobRing::peek_claim(uint32_t slot) const {
  const Claim& c = claim(slot);
  return {static_cast<ClaimState>(c.state.load()), c.job_id.load(), c.started_ns.load()};
}

void JobRing::request_shutdown() {
  control_->shutdown.store(1);
  control_->jobs_posted.fetch_add(1);
  futex_wake(&control_->jobs_posted, INT_MAX);
  control_->space_posted.fetch_add(1);
  futex_wake(&control_->space_posted, INT_MAX);
}

std::size_t JobRing::queued(int64_t lock_timeout_ns) {
  if (!lock(lock_timeout_ns)) return 0;
  std::size_t n = control_->tail - control_->head;
  unlock();
  return n;
}

}  // namespace cfgsweep
