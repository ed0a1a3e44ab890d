// RUN: %check_concur %s concur-unguarded-shared-state %t -- -std=c++20 -pthread
// Regression test from docs/real-world.md, survey 12 (concurrencpp
// source/executors/worker_thread_executor.cpp, analysed from its own
// sources). A small stand-in in concurrencpp's style: a worker executor
// whose thread drains a public queue under a lock and a private queue that
// only its own thread fills.
//
// - The framework's own sources are checked: the members the file being
//   analysed defines are followed, though the profile calls the executor
//   thread-safe (elsewhere it is trusted).
// - A guard passed by reference (`std::unique_lock<std::mutex> &lock`) holds
//   the caller's mutex in the callee until the callee unlocks it.
// - `if (s_tl_this_worker == this)`: in that branch the object is the one
//   the running thread registered as its own, so what it touches there is
//   that thread's.
// - The profile calls the executor thread-safe: in its own sources, any two
//   of its public members may run at once, and each may run on two threads.

#include <deque>
#include <mutex>
#include <thread>

namespace concurrencpp {
class worker_thread_executor {
public:
  void start();
  void enqueue(int task);
  void enqueue_unlocked(int task);
  void join() { m_thread.join(); }
  std::size_t shutdown() {
    m_thread.join();
    std::lock_guard<std::mutex> lock(m_lock);
    return m_private_queue.size(); // the worker is joined: no finding
  }

private:
  void work_loop();
  bool drain_queue();
  void wait_for_task(std::unique_lock<std::mutex> &lock);
  void note_idle(std::unique_lock<std::mutex> &lock);
  void note_idle_after_unlock(std::unique_lock<std::mutex> &lock);
  void enqueue_local(int task);
  void enqueue_foreign(int task);

  std::mutex m_lock;
  std::deque<int> m_public_queue;
  std::deque<int> m_private_queue;
  bool m_idle = true;
  int m_drained = 0;
  int m_after_unlock = 0;
  std::thread m_thread;
};

static thread_local worker_thread_executor *s_tl_this_worker = nullptr;

void worker_thread_executor::start() {
  m_thread = std::thread([this] { work_loop(); });
}

void worker_thread_executor::wait_for_task(std::unique_lock<std::mutex> &lock) {
  while (m_public_queue.empty()) {
    lock.unlock();
    std::this_thread::yield();
    lock.lock();
  }
  m_idle = false; // relocked: the caller's mutex again
}

void worker_thread_executor::note_idle(std::unique_lock<std::mutex> &lock) {
  m_idle = true; // the caller holds m_lock through `lock`, or nothing (below)
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'm_idle' is written by the thread started at {{.*}}.cpp:57 without a lock; it is also written at {{.*}}.cpp:112 holding 'm_lock'
  lock.unlock();
}

void worker_thread_executor::note_idle_after_unlock(std::unique_lock<std::mutex> &lock) {
  lock.unlock();
  m_after_unlock++;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'm_after_unlock' is written by the thread started at {{.*}}.cpp:57 without a lock; it is also written at {{.*}}.cpp:126
}

bool worker_thread_executor::drain_queue() {
  std::unique_lock<std::mutex> lock(m_lock);
  wait_for_task(lock);
  std::swap(m_private_queue, m_public_queue);
  lock.unlock();
  while (!m_private_queue.empty()) {
    m_private_queue.pop_front();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'm_private_queue' is written by the thread started at {{.*}}.cpp:57 without a lock; it is also written at {{.*}}.cpp:106
    ++m_drained; // this thread's alone
  }
  std::unique_lock<std::mutex> again(m_lock);
  note_idle(again);
  std::unique_lock<std::mutex> third(m_lock);
  note_idle_after_unlock(third); // unlocks `third`: `again` is unlocked too
  std::unique_lock<std::mutex> deferred(m_lock, std::defer_lock);
  note_idle(deferred); // holds nothing
  return m_drained < 100;
}

void worker_thread_executor::work_loop() {
  s_tl_this_worker = this;
  while (drain_queue()) {
  }
}

void worker_thread_executor::enqueue_local(int task) { m_private_queue.push_back(task); }
// CHECK-MESSAGES: :[[@LINE-1]]:56: warning: 'm_private_queue' is written in 'worker_thread_executor::enqueue_local', called from 'worker_thread_executor::enqueue_unlocked' without a lock; it is also read at {{.*}}.cpp:33 holding 'm_lock'

void worker_thread_executor::enqueue_foreign(int task) {
  std::unique_lock<std::mutex> lock(m_lock);
  m_public_queue.push_back(task);
  m_idle = false;
}

void worker_thread_executor::enqueue(int task) {
  if (s_tl_this_worker == this)
    return enqueue_local(task); // only the worker's own thread gets here
  enqueue_foreign(task);
}

// Not guarded by the thread_local test: another thread fills the private
// queue the worker drains.
void worker_thread_executor::enqueue_unlocked(int task) {
  if (s_tl_this_worker != nullptr)
    enqueue_local(task);
  m_after_unlock = task;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'm_after_unlock' is written in 'worker_thread_executor::enqueue_unlocked' without a lock; it is also written at {{.*}}.cpp:[[@LINE-1]]
}
} // namespace concurrencpp

void user(concurrencpp::worker_thread_executor &executor) {
  executor.start();
  executor.enqueue(1);
  executor.enqueue_unlocked(2);
  executor.join();
}
