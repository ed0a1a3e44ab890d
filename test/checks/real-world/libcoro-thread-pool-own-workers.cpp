// RUN: %check_concur %s concur-unguarded-shared-state %t -- -std=c++20 -pthread
// Regression test from docs/real-world.md, survey 12 (libcoro
// src/thread_pool.cpp:129 and src/scheduler.cpp:423, a lock removed from
// the library's own sources). The pool starts its workers from a static
// factory, on the object a unique_ptr holds (`[tp = tp.get(), i]`), so
// the workers' code is not reached through `this` of the function that
// starts them. The profile calls coro::thread_pool thread-safe: in its own
// sources the members its threads run are checked against its public
// members, and against themselves when several threads run them. A small
// stand-in, in libcoro's style.

#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace coro {
class thread_pool {
  struct private_constructor {};

public:
  explicit thread_pool(std::uint32_t threads, private_constructor) : m_thread_count(threads) {}
  static auto make_unique(std::uint32_t threads) -> std::unique_ptr<thread_pool> {
    auto tp = std::make_unique<thread_pool>(threads, private_constructor{});
    for (std::uint32_t i = 0; i < tp->m_thread_count; ++i)
      tp->m_threads.emplace_back([tp = tp.get(), i]() { tp->executor(i); });
    return tp;
  }
  auto schedule(int job) -> void {
    std::scoped_lock lk{m_wait_mutex};
    m_queue.emplace_back(job);
  }
  auto size() -> std::size_t {
    std::scoped_lock lk{m_wait_mutex};
    return m_queue.size();
  }

private:
  auto executor(std::uint32_t idx) -> void {
    (void)idx;
    while (true) {
      std::unique_lock<std::mutex> lk{m_wait_mutex};
      if (m_queue.empty())
        return;
      m_queue.pop_front(); // under the lock: no finding
      ++m_executed;
      // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'm_executed' is written in 'thread_pool::executor' holding 'm_wait_mutex'; it is also read at {{.*}}.cpp:57 without a lock
      lk.unlock();
      ++m_unlocked; // every worker runs this: two threads at once
      // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'm_unlocked' is written in 'thread_pool::executor' without a lock; it is also written at {{.*}}.cpp:[[@LINE-1]]
    }
  }

public:
  auto executed() const -> int { return m_executed; }

private:
  std::uint32_t m_thread_count;
  std::vector<std::thread> m_threads;
  std::mutex m_wait_mutex;
  std::deque<int> m_queue;
  int m_executed = 0;
  int m_unlocked = 0;
};

// One thread, started once: its loop does not run alongside itself.
class scheduler {
public:
  static auto make_unique() -> std::unique_ptr<scheduler> {
    auto s = std::make_unique<scheduler>();
    s->m_io_thread = std::thread([s = s.get()]() { s->process_events(); });
    return s;
  }

private:
  auto process_events() -> void {
    for (int i = 0; i < 3; ++i)
      ++m_loops; // only the io thread touches it
  }
  int m_loops = 0;
  std::thread m_io_thread;
};

// Two threads, each started once, run the same loop: it runs alongside itself.
class io_scheduler {
public:
  static auto make_unique() -> std::unique_ptr<io_scheduler> {
    auto s = std::make_unique<io_scheduler>();
    s->m_first = std::thread([s = s.get()]() { s->process_events(); });
    s->m_second = std::thread([s = s.get()]() { s->process_events(); });
    return s;
  }

private:
  auto process_events() -> void {
    ++m_loops;
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'm_loops' is written in 'io_scheduler::process_events' without a lock; it is also written at {{.*}}.cpp:[[@LINE-1]]
  }
  int m_loops = 0;
  std::thread m_first, m_second;
};
} // namespace coro
