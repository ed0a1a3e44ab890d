// RUN: %check_concur %s concur-lock-across-suspension %t -- -I%runtime_include -pthread

// Where a lock goes when its guard is returned, moved, released or only
// tried: the lock is held wherever it really is.

#include "coro.h"
#include <chrono>
#include <mutex>
#include <pthread.h>
#include <utility>

std::mutex m;
std::timed_mutex tm;
pthread_mutex_t pm = PTHREAD_MUTEX_INITIALIZER;

std::unique_lock<std::mutex> take_lock() { return std::unique_lock<std::mutex>(m); }

// A guard returned by a helper holds its lock.
test::task<> returned_guard() {
  auto lk = take_lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'lk' holds the lock returned by 'take_lock' across a suspension point in coroutine 'returned_guard'
  co_await test::ready{};
}

// Moved into another local guard: that one holds it now.
test::task<> moved_to_local() {
  std::unique_lock<std::mutex> first(m);
  std::unique_lock<std::mutex> second(std::move(first));
  // CHECK-MESSAGES: :[[@LINE-1]]:32: warning: 'second' holds mutex 'm' across a suspension point
  co_await test::ready{};
}

// release() lets the guard go but leaves the mutex locked.
test::task<> released_but_locked() {
  std::unique_lock<std::mutex> lk(m);
  lk.release();
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: mutex 'm' is locked across a suspension point in coroutine 'released_but_locked'
  co_await test::ready{};
  m.unlock();
}

// try_to_lock holds on the branch where owns_lock() is true.
test::task<> tried_guard() {
  std::unique_lock<std::mutex> lk(m, std::try_to_lock);
  if (lk.owns_lock()) {
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'lk' holds mutex 'm' across a suspension point
    co_await test::ready{};
  }
}

// try_lock_for on a timed mutex, and pthread_mutex_trylock.
test::task<> tried_by_hand() {
  if (tm.try_lock_for(std::chrono::milliseconds(5))) {
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: mutex 'tm' is locked across a suspension point
    co_await test::ready{};
    tm.unlock();
  }
  if (pthread_mutex_trylock(&pm) != 0)
    co_return;
  // CHECK-MESSAGES: :[[@LINE-2]]:7: warning: mutex 'pm' is locked across a suspension point
  co_await test::ready{};
  pthread_mutex_unlock(&pm);
}

// Negative cases.

void consume(std::unique_lock<std::mutex> lk) { lk.unlock(); }

// Handed by move to a function that releases it: not held any more.
test::task<> no_warning_moved_into_callee() {
  std::unique_lock<std::mutex> lk(m);
  consume(std::move(lk));
  co_await test::ready{};
}

// Moved into an awaiter that unlocks in await_suspend (concurrencpp style).
struct unlock_then_suspend {
  std::unique_lock<std::mutex> lock;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) { lock.unlock(); }
  void await_resume() const noexcept {}
};

test::task<> no_warning_moved_into_awaiter() {
  std::unique_lock<std::mutex> lk(m);
  co_await unlock_then_suspend{std::move(lk)};
}

// A try that failed holds nothing; the branch that succeeded unlocks first.
test::task<> no_warning_failed_try() {
  std::unique_lock<std::mutex> lk(m, std::try_to_lock);
  if (!lk.owns_lock()) {
    co_await test::ready{};
    co_return;
  }
  lk.unlock();
  co_await test::ready{};
}

// A lock and a guard the project writes itself (leveldb's style).
class ProjectMutex {
public:
  void Lock();
  void Unlock();
};
class ProjectLock {
public:
  explicit ProjectLock(ProjectMutex *mu) : mu_(mu) { mu_->Lock(); }
  ~ProjectLock() { mu_->Unlock(); }

private:
  ProjectMutex *mu_;
};
ProjectMutex pmu;

test::task<> project_guard() {
  ProjectLock l(&pmu);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'l' holds mutex 'pmu' across a suspension point
  co_await test::ready{};
}

test::task<> project_mutex_by_hand() {
  pmu.Lock();
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: mutex 'pmu' is locked across a suspension point
  co_await test::ready{};
  pmu.Unlock();
}
