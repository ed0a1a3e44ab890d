// RUN: %check_concur %s concur-lock-across-suspension %t -- -I%runtime_include -pthread

// Mutexes held across co_await or co_yield, in every form, following the
// control flow.

#include "coro.h"
#include <mutex>
#include <pthread.h>
#include <shared_mutex>

std::mutex m, m2;
std::shared_mutex rw;
pthread_mutex_t pm = PTHREAD_MUTEX_INITIALIZER;
int counter;

test::task<> other_guards() {
  {
    std::scoped_lock both(m, m2);
    // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: 'both' holds mutex 'm' across a suspension point in coroutine 'other_guards'
    co_await test::ready{};
  }
  {
    std::shared_lock<std::shared_mutex> reader(rw);
    // CHECK-MESSAGES: :[[@LINE-1]]:41: warning: 'reader' holds mutex 'rw' across a suspension point
    co_await test::ready{};
  }
  {
    std::unique_lock<std::mutex> lk(m);
    // CHECK-MESSAGES: :[[@LINE-1]]:34: warning: 'lk' holds mutex 'm' across a suspension point
    co_await test::ready{};
  }
}

test::task<> manual_locking() {
  m.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: mutex 'm' is locked across a suspension point in coroutine 'manual_locking'
  co_await test::ready{};
  m.unlock();
  pthread_mutex_lock(&pm);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: mutex 'pm' is locked across a suspension point
  co_await test::ready{};
  pthread_mutex_unlock(&pm);
}

// A suspension inside an expression counts.
test::task<int> await_in_expression() {
  std::lock_guard<std::mutex> lock(m);
  // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: 'lock' holds mutex 'm' across a suspension point
  int x = co_await test::ready{};
  co_return x;
}

// Unlocked on one path only: it may still be held.
test::task<> unlocked_on_one_path(bool fast) {
  std::unique_lock<std::mutex> lk(m);
  // CHECK-MESSAGES: :[[@LINE-1]]:32: warning: 'lk' holds mutex 'm' across a suspension point
  if (fast)
    lk.unlock();
  co_await test::ready{};
}

// Taken at the end of one iteration, still held at the next iteration's suspension.
test::task<> loop_carried() {
  for (int i = 0; i < 3; ++i) {
    co_await test::ready{};
    m.lock();
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: mutex 'm' is locked across a suspension point
  }
  m.unlock();
}

// co_yield suspends too.
test::generator<int> yields_with_lock() {
  std::lock_guard<std::mutex> lock(m);
  // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: 'lock' holds mutex 'm' across a suspension point in coroutine 'yields_with_lock'
  co_yield counter;
}

// Re-taken after the suspension by unique_lock::lock().
test::task<> relocked() {
  std::unique_lock<std::mutex> lk(m);
  lk.unlock();
  co_await test::ready{};
  lk.lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: 'lk' holds mutex 'm' across a suspension point
  co_await test::ready{};
}

// A template coroutine is reported once, not per instantiation.
template <typename T> test::task<> templated(T value) {
  std::lock_guard<std::mutex> lock(m);
  // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: 'lock' holds mutex 'm' across a suspension point in coroutine 'templated'
  counter += static_cast<int>(value);
  co_await test::ready{};
}
void instantiate() {
  templated(1);
  templated(2.0);
}
