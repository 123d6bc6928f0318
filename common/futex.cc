#include "common/futex.h"

#include <linux/futex.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>

namespace cfgsweep {

static_assert(std::atomic<uint32_t>::is_always_lock_free);
static_assert(sizeof(std::atomic<uint32_t>) == sizeof(uint32_t));

static uint32_t* futex_address(std::atomic<uint32_t>* word) {
  return reinterpret_cast<uint32_t*>(word);
}

bool futex_wait(std::atomic<uint32_t>* word, uint32_t expected, int64_t timeout_ns) {
  if (timeout_ns <= 0) return false;
  timespec relative{static_cast<time_t>(timeout_ns / 1'000'000'000),
                    static_cast<long>(timeout_ns % 1'000'000'000)};
  // FUTEX_WAIT, not FUTEX_WAIT_PRIVATE: waiters and wakers are different processes.
  long rc = syscall(SYS_futex, futex_address(word), FUTEX_WAIT, expected, &relative, nullptr, 0);
  return !(rc != 0 && errno == ETIMEDOUT);
}

void futex_wake(std::atomic<uint32_t>* word, int count) {
  syscall(SYS_futex, futex_address(word), FUTEX_WAKE, count, nullptr, nullptr, 0);
}

}  // namespace cfgsweep
