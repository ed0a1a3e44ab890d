// RUN: %check_concur %s concur-unawaited-awaitable %t \
// RUN:   --config="{CheckOptions: {concur-unawaited-awaitable.TaskTypes: 'inhouse::job', \
// RUN:     concur-unawaited-awaitable.IgnoredTypes: 'inhouse::signal'}}" -- -I%S/Inputs

// TaskTypes names in-house task types whose laziness the check cannot see
// (their promise comes from a coroutine_traits specialisation);
// IgnoredTypes names awaitables that may be dropped.

#include "coro.h"
#include <coroutine>

namespace inhouse {
struct job {}; // lazy by the team's contract
job make_job() { return {}; }

struct signal { // awaitable, and meant to be fired without waiting
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};
signal notify() { return {}; }
} // namespace inhouse

void run() {
  inhouse::make_job();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the task returned by 'make_job' is never awaited: a lazy coroutine does not run until it is awaited [concur-unawaited-awaitable]
  inhouse::notify();
  test::ready{};
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the awaitable of type 'test::ready' is discarded
  // without co_await
}
