#include "common/job_ring.h"

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <doctest/doctest.h>

#include <cstdlib>
#include <memory>

#include "common/fault_injection.h"
#include "common/segment_layout.h"
#include "common/shared_segment.h"

using namespace cfgsweep;

namespace {

constexpr int64_t kSecond = 1'000'000'000;

struct RingFixture {
  std::unique_ptr<SharedSegment> segment;
  std::optional<SegmentView> view;

  explicit RingFixture(uint32_t capacity = 4, uint32_t slots = 2) {
    auto created = SharedSegment::create(segment_size(capacity, slots, 4096));
    REQUIRE_MESSAGE(created, created.error().message);
    segment = std::move(*created);
    view = lay_out_segment(*segment, capacity, slots, 4096, WorkerSettings{});
  }
  JobRing& ring() { return view->ring; }
};

std::unique_ptr<JobDescriptor> job(uint64_t id, std::string_view label = "r.cfg") {
  auto descriptor = std::make_unique<JobDescriptor>();
  descriptor->id = id;
  descriptor->set_label(label);
  return descriptor;
}

// The kill tests stop a worker inside the ring's critical section, which only the
// test-only pause hook makes possible; without it they are skipped, and doctest says so.
const auto kNeedsFaultInjection = doctest::skip(!fault_injection::enabled());

// Waits up to a second for `slot`'s claim to read kPending: the child is then inside the
// critical section, in its first pause, holding the lock.
bool wait_until_pending(JobRing& ring, uint32_t slot) {
  for (int i = 0; i < 1000; ++i) {
    if (ring.peek_claim(slot).state == ClaimState::kPending) return true;
    usleep(1000);
  }
  return false;
}

// Forks a child that pops from `slot` with a pause of `pause_us` at each of the two
// points inside the critical section. Once its claim is pending (asserted: a child killed
// before it took the lock would prove nothing), waits `kill_after_us` and SIGKILLs it.
void kill_child_inside_pop(JobRing& ring, uint32_t slot, long pause_us, long kill_after_us) {
  pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    setenv("CFGSWEEP_FAULT_RING_PAUSE_US", std::to_string(pause_us).c_str(), 1);
    auto out = std::make_unique<JobDescriptor>();
    ring.pop(slot, out.get(), kSecond);
    _exit(0);
  }
  bool pending = wait_until_pending(ring, slot);
  if (pending) usleep(static_cast<useconds_t>(kill_after_us));
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  REQUIRE_MESSAGE(pending, "the child never reached the critical section");
  REQUIRE(WIFSIGNALED(status));
  CHECK(ring.peek_claim(slot).state == ClaimState::kPending);  // it died there
}

}  // namespace

TEST_CASE("jobs come out in order, with their labels; a full ring refuses more") {
  RingFixture fixture(4, 1);
  JobRing& ring = fixture.ring();
  for (uint64_t id = 1; id <= 4; ++id)
    CHECK(ring.push(*job(id, "file-" + std::to_string(id)), 0) == JobRing::PushResult::kPushed);
  CHECK(ring.push(*job(5), 10'000'000) == JobRing::PushResult::kFull);
  auto out = std::make_unique<JobDescriptor>();
  for (uint64_t id = 1; id <= 4; ++id) {
    REQUIRE(ring.pop(0, out.get(), 0) == JobRing::PopResult::kJob);
    CHECK(out->id == id);
    CHECK(out->label_view() == "file-" + std::to_string(id));
    CHECK(ring.peek_claim(0).state == ClaimState::kHeld);
    CHECK(ring.peek_claim(0).job_id == id);
    ring.finish(0);
    CHECK(ring.peek_claim(0).state == ClaimState::kIdle);
  }
  CHECK(ring.pop(0, out.get(), 10'000'000) == JobRing::PopResult::kEmpty);
}

TEST_CASE("shutdown wakes a waiting worker at once") {
  RingFixture fixture;
  fixture.ring().request_shutdown();
  auto out = std::make_unique<JobDescriptor>();
  CHECK(fixture.ring().pop(0, out.get(), 5 * kSecond) == JobRing::PopResult::kShutdown);
}

TEST_CASE("a worker in another process pops what the supervisor pushed") {
  RingFixture fixture;
  JobRing& ring = fixture.ring();
  pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    auto out = std::make_unique<JobDescriptor>();
    bool ok = ring.pop(1, out.get(), 5 * kSecond) == JobRing::PopResult::kJob && out->id == 99;
    _exit(ok ? 0 : 1);
  }
  usleep(50'000);  // the child is asleep on the futex by now
  REQUIRE(ring.push(*job(99), kSecond) == JobRing::PushResult::kPushed);
  int status = 0;
  waitpid(child, &status, 0);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
}

TEST_CASE("a worker killed inside pop before the commit leaves its job in the ring" *
          kNeedsFaultInjection) {
  RingFixture fixture;
  JobRing& ring = fixture.ring();
  REQUIRE(ring.push(*job(7), 0) == JobRing::PushResult::kPushed);
  // Killed during the first pause: the claim is pending, the head not yet advanced.
  kill_child_inside_pop(ring, 0, 500'000, 100'000);
  auto reclaimed = ring.reclaim(0, kSecond);  // the lock is repaired here
  CHECK(reclaimed.locked);
  CHECK(reclaimed.held == std::nullopt);
  auto out = std::make_unique<JobDescriptor>();
  REQUIRE(ring.pop(1, out.get(), 0) == JobRing::PopResult::kJob);
  CHECK(out->id == 7);
}

TEST_CASE("a worker killed inside pop after the commit is known to hold the job" *
          kNeedsFaultInjection) {
  RingFixture fixture;
  JobRing& ring = fixture.ring();
  REQUIRE(ring.push(*job(8), 0) == JobRing::PushResult::kPushed);
  // Killed during the second pause (pending seen early in the first, 0.5 s each): the
  // head moved, the claim still says pending.
  kill_child_inside_pop(ring, 0, 500'000, 750'000);
  // Another worker takes the lock first: it repairs the ring and finds it empty.
  auto out = std::make_unique<JobDescriptor>();
  CHECK(ring.pop(1, out.get(), 0) == JobRing::PopResult::kEmpty);
  auto reclaimed = ring.reclaim(0, kSecond);
  CHECK(reclaimed.locked);
  CHECK(reclaimed.held == std::optional<uint64_t>(8));
  CHECK(ring.peek_claim(0).state == ClaimState::kIdle);
  // The ring still works after the repair.
  REQUIRE(ring.push(*job(9), 0) == JobRing::PushResult::kPushed);
  REQUIRE(ring.pop(1, out.get(), 0) == JobRing::PopResult::kJob);
  CHECK(out->id == 9);
}

TEST_CASE("a deadline already past is a try-lock, not an error") {
  RingFixture fixture(4, 1);
  JobRing& ring = fixture.ring();
  // A negative timeout once built a negative tv_nsec, which the lock rejected (EINVAL).
  CHECK(ring.push(*job(1), -kSecond) == JobRing::PushResult::kPushed);
  CHECK(ring.push(*job(2), -1) == JobRing::PushResult::kPushed);
  auto out = std::make_unique<JobDescriptor>();
  CHECK(ring.pop(0, out.get(), -kSecond) == JobRing::PopResult::kJob);
  CHECK(out->id == 1);
}

TEST_CASE("reclaim never reads a claim without the lock" * kNeedsFaultInjection) {
  RingFixture fixture;
  JobRing& ring = fixture.ring();
  REQUIRE(ring.push(*job(5), 0) == JobRing::PushResult::kPushed);
  pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {  // holds the lock for 2 x 0.3 s inside pop, then keeps the job
    setenv("CFGSWEEP_FAULT_RING_PAUSE_US", "300000", 1);
    auto out = std::make_unique<JobDescriptor>();
    _exit(ring.pop(0, out.get(), kSecond) == JobRing::PopResult::kJob ? 0 : 1);
  }
  REQUIRE(wait_until_pending(ring, 0));
  auto reclaimed = ring.reclaim(0, 10'000'000);  // 10 ms: the child still holds the lock
  CHECK_FALSE(reclaimed.locked);
  CHECK(reclaimed.held == std::nullopt);
  int status = 0;
  waitpid(child, &status, 0);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  // The claim was left alone: the child's pop completed and it holds job 5.
  CHECK(ring.peek_claim(0).state == ClaimState::kHeld);
  reclaimed = ring.reclaim(0, kSecond);
  CHECK(reclaimed.locked);
  CHECK(reclaimed.held == std::optional<uint64_t>(5));
}

TEST_CASE("the segment is private to its owner and removed with it") {
  auto created = SharedSegment::create(4096);
  REQUIRE(created);
  std::unique_ptr<SharedSegment> segment = std::move(*created);
  std::string path = "/dev/shm/" + segment->name();
  struct stat info;
  REQUIRE(::stat(path.c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);
  segment.reset();
  CHECK(::stat(path.c_str(), &info) != 0);
}
