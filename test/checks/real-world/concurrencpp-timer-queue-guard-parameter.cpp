// RUN: %check_concur %s concur-unguarded-shared-state %t -- -std=c++20 -pthread
// Regression test from docs/real-world.md, survey 12 (concurrencpp
// source/timers/timer_queue.cpp:204 and :270). The function that starts the
// worker thread is handed the caller's guard by reference; what it writes
// after the start is under the caller's mutex: the one its callers' guards
// hold, or, when no caller is in view, the class's only mutex of the guard's
// type. shared_from_this() reads a weak pointer set before the object is
// shared, not the object. A small stand-in, in concurrencpp's style.

#include <memory>
#include <mutex>
#include <thread>
#include <utility>

namespace concurrencpp {
class timer_queue : public std::enable_shared_from_this<timer_queue> {
public:
  // Called with the guard of a template in a header (not instantiated here).
  void add_timer(std::unique_lock<std::mutex> &lock) {
    auto old_thread = ensure_worker_thread(lock);
    ++m_timers;
    if (old_thread.joinable())
      old_thread.join();
  }
  std::shared_ptr<timer_queue> self() { return shared_from_this(); }

private:
  std::thread ensure_worker_thread(std::unique_lock<std::mutex> &lock) {
    if (!m_idle)
      return {};
    auto old_worker = std::move(m_worker);
    m_worker = std::thread([this] { work_loop(); });
    m_idle = false; // still under the caller's m_lock
    return old_worker;
  }
  void work_loop() {
    std::unique_lock<std::mutex> lock(m_lock);
    m_idle = true;
    ++m_timers;
  }

  std::mutex m_lock;
  bool m_idle = true;
  int m_timers = 0;
  std::thread m_worker;
};

// Two mutexes of the guard's type, and no caller in view: which one the
// guard holds is not known, so it protects nothing the other thread holds.
class two_queues {
public:
  void start(std::unique_lock<std::mutex> &lock) {
    m_worker = std::thread([this] { work_loop(); });
    m_pending = 1;
    (void)lock;
  }

private:
  void work_loop() {
    std::lock_guard<std::mutex> guard(m_first);
    m_pending = 0;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'm_pending' is written by the thread started at {{.*}}.cpp:53 holding 'm_first'; it is also written at {{.*}}.cpp:54 holding 'lock'
  }

  std::mutex m_first, m_second;
  int m_pending = 0;
  std::thread m_worker;
};
} // namespace concurrencpp

// The same helper called from a caller in view that holds the other mutex.
class relay {
public:
  void push() {
    std::unique_lock<std::mutex> lock(m_out);
    start(lock);
  }

private:
  void start(std::unique_lock<std::mutex> &lock) {
    m_worker = std::thread([this] { drain(); });
    m_count = 1; // under m_out, which the thread does not take
    (void)lock;
  }
  void drain() {
    std::lock_guard<std::mutex> guard(m_in);
    m_count = 0;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'm_count' is written by the thread started at {{.*}}.cpp:81 holding 'm_in'; it is also written at {{.*}}.cpp:82 holding 'm_out'
  }

  std::mutex m_in, m_out;
  int m_count = 0;
  std::thread m_worker;
};
