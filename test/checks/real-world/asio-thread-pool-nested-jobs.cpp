// RUN: %check_concur %s concur-unguarded-shared-state %t -- -std=c++20 -pthread
// Regression test from docs/real-world.md, classes P2a and P2b (survey 9c:
// asio src/tests/unit/thread_pool.cpp:36 and :50). A job that posts to the
// pool it runs on: on a pool of one thread the new job runs after the
// poster returns, and never beside another job of that pool; asio::dispatch
// from one of the pool's own threads runs the job before it returns. From
// outside the pool, or on a pool of two threads, they are starts like any
// other. A small stand-in, in Asio's style.

#include <functional>

namespace asio {
class thread_pool {
public:
  explicit thread_pool(int threads) : threads_(threads) {}
  void join() {}
  void wait() {}

private:
  int threads_;
};
template <class F> void post(thread_pool &pool, F f) {
  (void)pool;
  f();
}
template <class F> void dispatch(thread_pool &pool, F f) {
  (void)pool;
  f();
}
} // namespace asio

void decrement_to_zero(asio::thread_pool *pool, int *count) {
  if (*count > 0) {
    --(*count);
    int before_value = *count;
    asio::post(*pool, std::bind(decrement_to_zero, pool, count));
    // Handler execution cannot nest: still the value it was.
    (void)(*count == before_value);
  }
}

void nested_decrement_to_zero(asio::thread_pool *pool, int *count) {
  if (*count > 0) {
    --(*count);
    asio::dispatch(*pool, std::bind(nested_decrement_to_zero, pool, count));
    // Handler execution is nested: zero by now.
    (void)(*count == 0);
  }
}

int one_thread() {
  asio::thread_pool pool(1);
  int count2 = 10, count3 = 10;
  asio::post(pool, std::bind(decrement_to_zero, &pool, &count2));
  asio::post(pool, std::bind(nested_decrement_to_zero, &pool, &count3));
  pool.wait();
  return count2 + count3;
}

// Two jobs of one one-thread pool never run at once.
int serial_jobs() {
  asio::thread_pool pool(1);
  int total = 0;
  asio::post(pool, [&total] { total += 1; });
  asio::post(pool, [&total] { total += 2; });
  pool.join();
  return total;
}

// On two threads they do.
int parallel_jobs() {
  asio::thread_pool pool(2);
  int total = 0;
  asio::post(pool, [&total] { total += 1; });
  // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: 'total' is written by the thread started at {{.*}}.cpp:[[@LINE-1]] without a lock; it is also written at {{.*}}.cpp:[[@LINE+1]]
  asio::post(pool, [&total] { total += 2; });
  pool.join();
  return total;
}

// Posting itself on a pool of two threads: the new job may run beside the
// rest of its poster.
void decrement_on_two(asio::thread_pool *pool, int *count) {
  if (*count > 0) {
    --(*count);
    // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: '*count' is written by the thread started at {{.*}}.cpp:[[@LINE+1]] without a lock; it is also read at {{.*}}.cpp:[[@LINE+2]]
    asio::post(*pool, std::bind(decrement_on_two, pool, count));
    (void)(*count == 0);
  }
}

int two_threads() {
  asio::thread_pool pool(2);
  int count = 10;
  asio::post(pool, std::bind(decrement_on_two, &pool, &count));
  pool.wait();
  return count;
}

// dispatch from a thread that is not the pool's posts the job.
int dispatch_from_outside() {
  asio::thread_pool pool(1);
  int done = 0;
  asio::dispatch(pool, [&done] { done = 1; });
  // CHECK-MESSAGES: :[[@LINE-1]]:34: warning: 'done' is written by the thread started at {{.*}}.cpp:[[@LINE-1]] without a lock; it is also read at {{.*}}.cpp:[[@LINE+1]]
  int early = done;
  pool.join();
  return early;
}

// Called directly as well as posted: not known to run on the pool, so its
// dispatch may post.
void also_called(asio::thread_pool *pool, int *count) {
  asio::dispatch(*pool, [count] { *count = 0; });
  // CHECK-MESSAGES: :[[@LINE-1]]:35: warning: '*count' is written by the thread started at {{.*}}.cpp:[[@LINE-1]] without a lock; it is also read at {{.*}}.cpp:[[@LINE+1]]
  (void)(*count == 0);
}

int called_directly() {
  asio::thread_pool pool(1);
  int count = 1;
  asio::post(pool, std::bind(also_called, &pool, &count));
  pool.join();
  also_called(&pool, &count);
  pool.join();
  return count;
}
