// RUN: %check_concur %s concur-blocking-call-in-coroutine %t -- -I%runtime_include
// Regression test from docs/real-world.md, class C4 (libcoro test/test_task.cpp:44 and
// test/test_when_all.cpp:265, reported in surveys 1-3). The coroutine has no event loop
// at all: plain code creates it and resumes it by hand, or runs it with sync_wait on its
// own thread, so the blocking call before its first suspension stalls no loop. A task
// resumed by hand from inside another coroutine runs on that coroutine's thread, and is
// still reported.

#include <chrono>
#include <coroutine>
#include <exception>
#include <thread>

namespace coro {
struct task {
  struct promise_type {
    task get_return_object() { return {std::coroutine_handle<promise_type>::from_promise(*this)}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { std::terminate(); }
  };
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  void await_resume() noexcept {}
  void resume() { handle.resume(); }
  bool is_ready() const { return handle.done(); }
  std::coroutine_handle<promise_type> handle;
};
struct event {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  void await_resume() noexcept {}
};
template <class A> void sync_wait(A &&) {} // runs it on the calling thread
} // namespace coro

using namespace std::chrono_literals;

bool no_warning_resumed_by_hand() {
  auto t = []() -> coro::task {
    std::this_thread::sleep_for(10ms);
    co_return;
  }();
  t.resume();
  return t.is_ready();
}

void no_warning_sync_wait_from_plain_code() {
  auto inner = []() -> coro::task { co_return; };
  auto make_test = [&]() -> coro::task {
    std::this_thread::sleep_for(1ms); // on the test's thread: sync_wait runs us here
    co_await inner();                 // inner never suspends: still here
    std::this_thread::sleep_for(1ms);
    co_return;
  };
  coro::sync_wait(make_test());
}

// Reported: resumed by hand inside a coroutine, it runs on that coroutine's loop.
coro::task resumes_inside_a_coroutine() {
  auto t = []() -> coro::task {
    std::this_thread::sleep_for(10ms);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'lambda' stalls its event loop
    co_return;
  }();
  t.resume();
  co_return;
}

// Reported: after its first suspension it resumes wherever the event fires.
void after_a_suspension(coro::event &e) {
  auto t = [](coro::event &e) -> coro::task {
    co_await e;
    std::this_thread::sleep_for(10ms);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'lambda' stalls its event loop
    co_return;
  }(e);
  t.resume();
}

// Reported: sync_wait inside a coroutine runs the task on that coroutine's loop.
coro::task sync_wait_in_a_coroutine() {
  auto inner = []() -> coro::task {
    std::this_thread::sleep_for(1ms);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'lambda' stalls its event loop
    co_return;
  };
  coro::sync_wait(inner());
  co_return;
}

// Reported: resumed from a callback, which may run on a loop's thread.
template <class F> void post_to_loop(F &&f) { f(); }
void resumed_from_a_callback() {
  auto t = []() -> coro::task {
    std::this_thread::sleep_for(10ms);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'lambda' stalls its event loop
    co_return;
  }();
  post_to_loop([&] { t.resume(); });
}
