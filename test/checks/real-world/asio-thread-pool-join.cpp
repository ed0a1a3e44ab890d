// RUN: %check_concur %s concur-unguarded-shared-state %t -- -std=c++20 -pthread
// Regression test from docs/real-world.md, class A3 (survey 9: asio
// src/tests/unit/thread_pool.cpp:29 and :36). A handler posted to a
// thread_pool runs on one of its threads; pool.join() (or wait()) waits for
// every handler posted to it, so what the handlers wrote is read safely
// after it. Before the join, or on another pool, it is a race. A small
// stand-in, in Asio's style; being defined in the file analysed, its own
// members are checked too, so it locks its job slot as the real pool does.

#include <functional>
#include <mutex>
#include <thread>
#include <utility>

namespace asio {
class thread_pool {
public:
  explicit thread_pool(int threads) : worker_([this] { run(); }) { (void)threads; }
  ~thread_pool() { join(); }
  void join() {
    if (worker_.joinable())
      worker_.join();
  }
  void wait() { join(); }
  void enqueue(std::function<void()> f) {
    std::lock_guard<std::mutex> lock(mutex_);
    job_ = std::move(f);
  }

private:
  void run() {
    std::function<void()> job;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      job = job_;
    }
    if (job)
      job();
  }
  std::mutex mutex_;
  std::function<void()> job_;
  std::thread worker_;
};
template <class F> void post(thread_pool &pool, F f) { pool.enqueue(std::move(f)); }
} // namespace asio

int read_after_join() {
  asio::thread_pool pool(2);
  int done = 0;
  asio::post(pool, [&done] { done = 1; });
  pool.join();
  return done;
}

int read_after_wait() {
  asio::thread_pool pool(2); // two handlers at once on two threads: they race
  int count = 0;
  asio::post(pool, [&count] { ++count; });
  asio::post(pool, [&count] { ++count; });
  // CHECK-MESSAGES: :[[@LINE-2]]:33: warning: 'count' is written by the thread started at {{.*}} without a lock; it is also written at {{.*}} [concur-unguarded-shared-state]
  pool.wait();
  return count;
}

int read_before_join() {
  asio::thread_pool pool(2);
  int done = 0;
  asio::post(pool, [&done] { done = 1; });
  // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: 'done' is written by the thread started at {{.*}} without a lock; it is also read at {{.*}} [concur-unguarded-shared-state]
  int early = done;
  pool.join();
  return early;
}

int joined_another_pool() {
  asio::thread_pool pool(2), other(1);
  int done = 0;
  asio::post(pool, [&done] { done = 1; });
  // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: 'done' is written by the thread started at {{.*}} without a lock; it is also read at {{.*}} [concur-unguarded-shared-state]
  other.join();
  return done;
}
