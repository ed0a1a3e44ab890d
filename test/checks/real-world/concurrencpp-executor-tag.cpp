// RUN: %check_concur %s concur-blocking-call-in-coroutine %t -- -std=c++20 -I%runtime_include
// RUN: %check_concur --check-suffix=OFF %s concur-blocking-call-in-coroutine %t \
// RUN:   --config="{CheckOptions: {Profiles: 'concur'}}" -- -std=c++20 -I%runtime_include
// Regression test from docs/real-world.md, class P2 (survey 9: concurrencpp
// include/concurrencpp/executors/executor.h:23, test/source/tests/
// coroutine_tests.cpp:54). A concurrencpp coroutine whose first parameter is
// an executor_tag starts on the executor passed second (that is how
// submit() and post() run a callable on a thread pool or a background
// executor, which exist for blocking work): its code before the first
// suspension is off any event loop. The concurrencpp profile's
// executor_tags says so; without it the call is reported. A small stand-in,
// in concurrencpp's style.

#include <chrono>
#include <coroutine>
#include <exception>
#include <memory>
#include <thread>

namespace concurrencpp {
struct executor_tag {};
class thread_executor {};
template <class T> class result {
public:
  struct promise_type {
    result get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_value(T) {}
    void unhandled_exception() { std::terminate(); }
  };
};
} // namespace concurrencpp

using namespace concurrencpp;

result<int> tagged(executor_tag, std::shared_ptr<thread_executor> ex) {
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
  // CHECK-MESSAGES-OFF: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'tagged'{{.*}} [concur-blocking-call-in-coroutine]
  co_return 0;
}

template <class Callable>
result<int> bridge(executor_tag, std::shared_ptr<thread_executor> ex, Callable callable) {
  co_return callable();
  // CHECK-MESSAGES-OFF: :[[@LINE-1]]:13: warning: call to 'lambda' in coroutine 'bridge' blocks its event loop: it calls 'std::this_thread::sleep_for' [concur-blocking-call-in-coroutine]
}

void submit(std::shared_ptr<thread_executor> ex) {
  bridge({}, ex, [] {
    std::this_thread::sleep_for(std::chrono::milliseconds(1)); // a plain lambda: not a coroutine
    return 1;
  });
}

// Without the tag first, the coroutine runs where it is called.
result<int> untagged(std::shared_ptr<thread_executor> ex, executor_tag) {
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'untagged'{{.*}} [concur-blocking-call-in-coroutine]
  // CHECK-MESSAGES-OFF: :[[@LINE-2]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'untagged'{{.*}} [concur-blocking-call-in-coroutine]
  co_return 0;
}
