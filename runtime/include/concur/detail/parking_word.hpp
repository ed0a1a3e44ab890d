#pragma once
// A word one thread sleeps on until another changes it: a futex on Linux. std::atomic::wait
// would do, but libstdc++'s spins and yields first (system calls on a busy core) and counts
// waiters in a table shared by the process; a pool worker that parks has already spun as long
// as it should (spin_budget), and only the thread that chose it wakes it.

#include <atomic>
#include <cstdint>

#if defined(__linux__)
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace concur::detail {

class parking_word {
public:
  /// Owner: returns once the value is not `expected` (it may return early, spuriously:
  /// callers loop on their own condition).
  void wait(std::uint32_t expected) noexcept {
    while (value_.load(std::memory_order_acquire) == expected) {
#if defined(__linux__)
      ::syscall(SYS_futex, reinterpret_cast<std::uint32_t *>(&value_), FUTEX_WAIT_PRIVATE, expected,
                nullptr, nullptr, 0);
#else
      value_.wait(expected, std::memory_order_acquire);
#endif
    }
  }

  /// Any thread, under the lock the owner takes once it is up: the new value.
  void set(std::uint32_t v) noexcept { value_.store(v, std::memory_order_release); }

  /// Any thread, after set(): wakes the owner if it sleeps. Harmless when it has moved on,
  /// even when it sleeps again by now (it checks its value and goes back to sleep).
  void wake() noexcept {
#if defined(__linux__)
    ::syscall(SYS_futex, reinterpret_cast<std::uint32_t *>(&value_), FUTEX_WAKE_PRIVATE, 1, nullptr,
              nullptr, 0);
#else
    value_.notify_one();
#endif
  }

  std::uint32_t load() const noexcept { return value_.load(std::memory_order_acquire); }

private:
  static_assert(sizeof(std::atomic<std::uint32_t>) == sizeof(std::uint32_t) &&
                    std::atomic<std::uint32_t>::is_always_lock_free,
                "a futex needs the atomic to be the bare word");
  std::atomic<std::uint32_t> value_{0};
};

} // namespace concur::detail
