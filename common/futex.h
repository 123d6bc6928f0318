#pragma once

#include <atomic>
#include <cstdint>

namespace cfgsweep {

// Process-shared futex operations on a 32-bit atomic that lives in shared memory.
// A futex holds no state for its waiters, so a waiter that is killed leaves nothing
// behind: that is why the job ring waits on futexes rather than on a condition variable.

// Sleeps while `*word == expected`, at most `timeout_ns`. Returns false on timeout.
bool futex_wait(std::atomic<uint32_t>* word, uint32_t expected, int64_t timeout_ns);
void futex_wake(std::atomic<uint32_t>* word, int count);

}  // namespace cfgsweep
