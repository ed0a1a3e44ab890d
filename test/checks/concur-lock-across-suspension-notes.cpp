// RUN: %check_concur %s concur-lock-across-suspension %t -- -I%runtime_include

// The finding is at the lock, with a note at each suspension it is held through.

#include "coro.h"
#include <mutex>

std::mutex m;
int counter;

test::task<> guard_across_await() {
  std::lock_guard<std::mutex> lock(m);
  // CHECK-NOTES: :[[@LINE-1]]:31: warning: 'lock' holds mutex 'm' across a suspension point in coroutine 'guard_across_await' [concur-lock-across-suspension]
  // CHECK-NOTES: :[[@LINE-2]]:31: note: other tasks that need 'm' block their thread until the coroutine resumes, and if it resumes on another thread the unlock is undefined behaviour; use concur::async_mutex, whose guard is safe across suspension, or release 'm' before suspending
  ++counter;
  co_await test::ready{};
  // CHECK-NOTES: :[[@LINE-1]]:3: note: the coroutine suspends here with 'm' locked
  co_await test::ready{};
  // CHECK-NOTES: :[[@LINE-1]]:3: note: the coroutine suspends here with 'm' locked
}

