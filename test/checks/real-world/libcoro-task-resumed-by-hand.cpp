// RUN: %check_concur %s concur-blocking-call-in-coroutine %t --
// XFAIL: *
// Reproduces libcoro test/test_task.cpp:44 (C4 in docs/real-world.md, still reported at
// 9d738ac): "blocking call to 'std::this_thread::sleep_for' in coroutine 'lambda'". The
// coroutine has no scheduler at all: the test creates it and resumes it by hand with
// 'resume()' on its own plain thread, so no event loop exists that the sleep could stall.

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
  void resume() { handle.resume(); }
  bool is_ready() const { return handle.done(); }
  std::coroutine_handle<promise_type> handle;
};
} // namespace coro

bool no_warning_resumed_by_hand() {
  auto t = []() -> coro::task {
    std::this_thread::sleep_for(std::chrono::milliseconds{10});
    co_return;
  }();
  t.resume();
  return t.is_ready();
}
