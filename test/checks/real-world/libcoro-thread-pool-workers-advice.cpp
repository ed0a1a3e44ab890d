// RUN: %check_concur %s concur-concurrency-model %t -- -pthread
// Regression test from docs/real-world.md. The analyzer of 231729e reported libcoro src/thread_pool.cpp:40 ("recommended model: thread-pool ... blocking
// I/O (wait)"): the loop that starts a thread pool's own workers is the thread pool; the
// condition-variable wait is a worker idling for jobs, not blocking I/O.
// No longer reported since 5cf6fd9 (an executor's own workers get no advice).

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

class thread_pool {
public:
  explicit thread_pool(uint32_t thread_count) {
    for (uint32_t i = 0; i < thread_count; ++i)
      m_threads.emplace_back([this]() { executor(); });
  }

private:
  void executor() {
    while (true) {
      std::unique_lock<std::mutex> lk{m_mutex};
      m_cv.wait(lk, [&] { return !m_queue.empty(); });
      auto job = std::move(m_queue.front());
      m_queue.pop_front();
      lk.unlock();
      job();
    }
  }
  std::mutex m_mutex;
  std::condition_variable m_cv;
  std::deque<std::function<void()>> m_queue;
  std::vector<std::thread> m_threads;
};
