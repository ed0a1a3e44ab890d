// RUN: %check_concur %s concur-unguarded-shared-state %t -- -std=c++20 -pthread
// Regression test from docs/real-world.md, survey 12 (concurrencpp
// source/executors/manual_executor.cpp, analysed from its own sources; no
// thread is started there). The profile calls manual_executor thread-safe,
// so any number of threads may call its public members at once: in the file
// that implements it, each pair of them (and each with itself) is checked
// as two threads, the way RacerD checks a @ThreadSafe class. A small
// stand-in, in concurrencpp's style.
//
// Also: a branch that unlocks and throws does not reach what follows; the
// branch of `!lock.owns_lock()` that does not lock is the one where the
// guard owns its mutex; a public member called only through a thread_local
// pointer runs on its own thread only.

#include <cstddef>
#include <deque>
#include <mutex>
#include <stdexcept>
#include <thread>

// Declared ahead, as concurrencpp's forward_declarations.h does: the
// contract is the definition's.
namespace concurrencpp {
class manual_executor;
}

namespace concurrencpp {
class manual_executor {
public:
  void enqueue(int task) {
    std::unique_lock<std::mutex> lock(m_lock);
    if (m_abort) {
      lock.unlock();
      throw std::runtime_error("manual_executor was shut down");
    }
    m_tasks.push_back(task); // still under m_lock
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'm_tasks' is written in 'manual_executor::enqueue' holding 'm_lock'; it is also read at {{.*}}.cpp:50 without a lock
  }
  bool loop_once() {
    std::unique_lock<std::mutex> lock(m_lock, std::defer_lock);
    if (!lock.owns_lock())
      lock.lock();
    if (m_tasks.empty())
      return false;
    m_tasks.pop_front(); // held on both branches
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'm_tasks' is written in 'manual_executor::loop_once' holding 'm_lock'; it is also read at {{.*}}.cpp:50 without a lock
    return true;
  }
  std::size_t size_unlocked() const {
    return m_tasks.size(); // reported at the writes
  }
  void count() {
    ++m_counted;
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'm_counted' is written in 'manual_executor::count' without a lock; it is also written at {{.*}}.cpp:[[@LINE-1]]
  }
  void shutdown() {
    std::lock_guard<std::mutex> lock(m_lock);
    m_abort = true;
  }

private:
  std::mutex m_lock;
  std::deque<int> m_tasks;
  bool m_abort = false;
  int m_counted = 0;
};
} // namespace concurrencpp

// No profile says this one is thread-safe: its members are not assumed to
// run at once.
class single_threaded_queue {
public:
  void push(int task) { m_tasks.push_back(task); }
  std::size_t size() const { return m_tasks.size(); }

private:
  std::deque<int> m_tasks;
};

class pool_worker;
static thread_local pool_worker *s_tl_worker = nullptr;

class pool_worker {
public:
  void start() { m_thread = std::thread([this] { work_loop(); }); }
  // Public, but only the worker's own thread reaches it (submit_local).
  void enqueue_local(int task) { m_private.push_back(task); }
  void join() { m_thread.join(); }

private:
  void work_loop() {
    s_tl_worker = this;
    while (!m_private.empty())
      m_private.pop_front();
  }
  std::deque<int> m_private;
  std::thread m_thread;
};

void submit_local(int task) {
  if (auto *worker = s_tl_worker)
    worker->enqueue_local(task);
  pool_worker *copy = s_tl_worker;
  if (copy != nullptr)
    copy->enqueue_local(task);
}
