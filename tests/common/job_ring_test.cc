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
    std::string error;
    segment = SharedSegment::create(segment_size(capacity, slots, 4096), &error);
    REQUIRE_MESSAGE(segment, error);
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

// Forks a child that pops from `slot` with a pause of `pause_us` at each of the two
// points inside the critical section, and SIGKILLs it after `kill_after_us`.
void kill_child_inside_pop(JobRing& ring, uint32_t slot, long pause_us, long kill_after_us) {
  pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    setenv("CFGSWEEP_FAULT_RING_PAUSE_US", std::to_string(pause_us).c_str(), 1);
    auto out = std::make_unique<JobDescriptor>();
    ring.pop(slot, out.get(), kSecond);
    _exit(0);
  }
  usleep(static_cast<useconds_t>(kill_after_us));
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  REQUIRE(WIFSIGNALED(status));
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

TEST_CASE("a worker killed inside pop before the commit leaves its job in the ring") {
  REQUIRE_MESSAGE(fault_injection::enabled(), "build with CFGSWEEP_FAULT_INJECTION=ON");
  RingFixture fixture;
  JobRing& ring = fixture.ring();
  REQUIRE(ring.push(*job(7), 0) == JobRing::PushResult::kPushed);
  // Killed during the first pause: the claim is pending, the head not yet advanced.
  kill_child_inside_pop(ring, 0, 500'000, 200'000);
  CHECK(ring.reclaim(0, kSecond) == std::nullopt);  // the lock is repaired here
  auto out = std::make_unique<JobDescriptor>();
  REQUIRE(ring.pop(1, out.get(), 0) == JobRing::PopResult::kJob);
  CHECK(out->id == 7);
}

TEST_CASE("a worker killed inside pop after the commit is known to hold the job") {
  REQUIRE_MESSAGE(fault_injection::enabled(), "build with CFGSWEEP_FAULT_INJECTION=ON");
  RingFixture fixture;
  JobRing& ring = fixture.ring();
  REQUIRE(ring.push(*job(8), 0) == JobRing::PushResult::kPushed);
  // Killed during the second pause: the head moved, the claim still says pending.
  kill_child_inside_pop(ring, 0, 500'000, 750'000);
  // Another worker takes the lock first: it repairs the ring and finds it empty.
  auto out = std::make_unique<JobDescriptor>();
  CHECK(ring.pop(1, out.get(), 0) == JobRing::PopResult::kEmpty);
  CHECK(ring.reclaim(0, kSecond) == std::optional<uint64_t>(8));
  CHECK(ring.peek_claim(0).state == ClaimState::kIdle);
  // The ring still works after the repair.
  REQUIRE(ring.push(*job(9), 0) == JobRing::PushResult::kPushed);
  REQUIRE(ring.pop(1, out.get(), 0) == JobRing::PopResult::kJob);
  CHECK(out->id == 9);
}

TEST_CASE("the segment is private to its owner and removed with it") {
  std::string error;
  auto segment = SharedSegment::create(4096, &error);
  REQUIRE(segment);
  std::string path = "/dev/shm/" + segment->name();
  struct stat info;
  REQUIRE(::stat(path.c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0600);
  segment.reset();
  CHECK(::stat(path.c_str(), &info) != 0);
}
