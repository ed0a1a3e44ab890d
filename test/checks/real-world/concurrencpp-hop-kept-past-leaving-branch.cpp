// RUN: %check_concur %s concur-blocking-call-in-coroutine %t -- -std=c++20 -I%runtime_include
// Regression test from docs/real-world.md, class P1 (survey 9). concurrencpp's
// test/source/tests/coroutine_tests.cpp:157 hops with `co_await resume_on(ex)`,
// then a branch returns through another co_await, and the code after the
// branch (reached only on the path that did not suspend again) blocks on
// the executor's thread, which is allowed. The hop used to end at any later
// suspension in the function, even one on a path that leaves it. A small
// stand-in, in concurrencpp's style.

#include <chrono>
#include <coroutine>
#include <exception>
#include <memory>
#include <stdexcept>
#include <thread>

namespace concurrencpp {
template <class T> class lazy_result {
public:
  struct promise_type {
    lazy_result get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_value(T) {}
    void unhandled_exception() { std::terminate(); }
  };
  struct awaiter {
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<>) noexcept {}
    T await_resume() { return T{}; }
  };
  awaiter operator co_await() { return {}; }
};
class thread_executor {};
struct resume_on_awaitable {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  void await_resume() noexcept {}
};
inline resume_on_awaitable resume_on(std::shared_ptr<thread_executor>) { return {}; }
} // namespace concurrencpp

using namespace concurrencpp;

lazy_result<int> leaf(std::shared_ptr<thread_executor> ex) {
  co_await resume_on(ex);
  co_return 1;
}

lazy_result<int> branch_returns_through_await(std::shared_ptr<thread_executor> ex, bool deeper) {
  co_await resume_on(ex);
  if (deeper) {
    co_return co_await leaf(ex);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
  co_return 0;
}

// The same without braces, and with a throw.
lazy_result<int> bare_branches_leave(std::shared_ptr<thread_executor> ex, int mode) {
  co_await resume_on(ex);
  if (mode == 1)
    co_return co_await leaf(ex);
  else if (mode == 2)
    throw std::runtime_error(co_await leaf(ex) ? "one" : "two");
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
  co_return 0;
}

// Both branches hop: whichever ran, the code after the if is on a pool.
lazy_result<int> both_branches_hop(std::shared_ptr<thread_executor> a,
                                   std::shared_ptr<thread_executor> b, bool first) {
  if (first)
    co_await resume_on(a);
  else
    co_await resume_on(b);
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
  co_return 0;
}

// A branch that suspends and falls through may leave the pool: reported.
lazy_result<int> branch_falls_through(std::shared_ptr<thread_executor> ex, bool deeper) {
  co_await resume_on(ex);
  if (deeper) {
    co_await leaf(ex);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'branch_falls_through'{{.*}} [concur-blocking-call-in-coroutine]
  co_return 0;
}

// Only one branch hops: after the if, maybe not on a pool.
lazy_result<int> one_branch_hops(std::shared_ptr<thread_executor> ex, bool hop) {
  if (hop)
    co_await resume_on(ex);
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'one_branch_hops'{{.*}} [concur-blocking-call-in-coroutine]
  co_return 0;
}

// The branch that leaves is the only path to the later code's suspension:
// after it, the hop still holds (and inside it, it ended).
lazy_result<int> leaving_branch_blocks_after_its_await(std::shared_ptr<thread_executor> ex,
                                                       bool deeper) {
  co_await resume_on(ex);
  if (deeper) {
    co_await leaf(ex);
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'leaving_branch_blocks_after_its_await'{{.*}} [concur-blocking-call-in-coroutine]
    co_return 2;
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
  co_return 0;
}
