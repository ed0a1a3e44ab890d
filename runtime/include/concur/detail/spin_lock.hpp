#pragma once
// A test-and-test-and-set lock for critical sections of a few instructions (the pool's queues).
// Uncontended it costs one atomic exchange and a plain store, where std::mutex costs two atomic
// read-modify-writes; contended it spins briefly, then yields so that a preempted holder (more
// threads than cores) gets the core back.

#include <atomic>
#include <thread>

namespace concur::detail {

inline void cpu_relax() noexcept {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#else
  std::this_thread::yield();
#endif
}

class spin_lock {
public:
  void lock() noexcept {
    for (int spins = 0; locked_.exchange(true, std::memory_order_acquire);) {
      while (locked_.load(std::memory_order_relaxed)) {
        if (++spins < 64)
          cpu_relax();
        else
          std::this_thread::yield();
      }
    }
  }
  bool try_lock() noexcept {
    return !locked_.load(std::memory_order_relaxed) &&
           !locked_.exchange(true, std::memory_order_acquire);
  }
  void unlock() noexcept { locked_.store(false, std::memory_order_release); }

private:
  std::atomic<bool> locked_{false};
};

} // namespace concur::detail
