// RUN: %check_concur %s concur-lock-across-suspension %t -- -I%runtime_include -pthread

// Locks released before the coroutine suspends, or taken after it resumes,
// and locks made for coroutines, are fine.

#include "coro.h"
#include <concur/sync/async_mutex.hpp>
#include <concur/task/task.hpp>
#include <concur/task/yield.hpp>
#include <mutex>
#include <pthread.h>

std::mutex m;
pthread_mutex_t pm = PTHREAD_MUTEX_INITIALIZER;
int counter;

test::task<> no_warning_narrow_scope() {
  {
    std::lock_guard<std::mutex> lock(m);
    ++counter;
  }
  co_await test::ready{};
}

test::task<> no_warning_unlocked_before() {
  std::unique_lock<std::mutex> lk(m);
  ++counter;
  lk.unlock();
  co_await test::ready{};
  lk.lock(); // re-taken after: nothing suspends while it is held
  ++counter;
}

test::task<> no_warning_manual() {
  m.lock();
  ++counter;
  m.unlock();
  co_await test::ready{};
  pthread_mutex_lock(&pm);
  ++counter;
  pthread_mutex_unlock(&pm);
  co_await test::ready{};
}

test::task<> no_warning_deferred() {
  std::unique_lock<std::mutex> lk(m, std::defer_lock);
  co_await test::ready{};
  lk.lock();
  ++counter;
}

// Suspensions in lambdas the coroutine only creates are not its own.
test::task<> no_warning_lambda() {
  std::lock_guard<std::mutex> lock(m);
  auto later = []() -> test::task<> { co_await test::ready{}; };
  ++counter;
  co_return;
}

// concur::async_mutex's guard is designed to be held across suspension.
concur::async_mutex am;
concur::task<> no_warning_async_mutex() {
  auto guard = co_await am.lock();
  ++counter;
  co_await concur::yield_now();
}

// Overloaded operators are calls too; they are neither locks nor crashes.
struct request {
  int method = 0;
  bool operator==(const request &other) const { return method == other.method; }
};
test::task<> no_warning_operators(request a, request b) {
  if (a == b)
    ++counter;
  co_await test::ready{};
}

// A path that ends (co_return) releases nothing to a later suspension.
test::task<> no_warning_early_return(bool stop) {
  {
    std::lock_guard<std::mutex> lock(m);
    if (stop)
      co_return;
  }
  co_await test::ready{};
}
