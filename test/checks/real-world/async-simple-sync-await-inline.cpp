// RUN: %check_concur %s concur-blocking-call-in-coroutine %t -- -std=c++20 -I%runtime_include
// Regression test from docs/real-world.md, class P3 (survey 9: async_simple
// async_simple/coro/test/FutureAwaiterTest.cpp:51, demo_example/CountChar.cpp:30).
// syncAwait(lazy) with no executor runs the Lazy on the calling thread until
// its first suspension, with no event loop to stall: the async_simple
// profile lists it among the inline runners, as libcoro's sync_wait. A Lazy
// awaited from another coroutine runs on that coroutine's thread, and is
// still reported. (Coroutine placement places lambdas only: a named Lazy run
// by syncAwait in main, as demo_example/CountChar.cpp does, is still
// reported; see docs/real-world.md.) A small stand-in, in async_simple's style.

#include <chrono>
#include <coroutine>
#include <exception>
#include <fstream>
#include <string>
#include <thread>

namespace async_simple::coro {
template <class T> class Lazy {
public:
  struct promise_type {
    Lazy get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_value(T) {}
    void unhandled_exception() { std::terminate(); }
  };
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  T await_resume() { return T{}; }
};
template <class T> T syncAwait(Lazy<T> &&) { return T{}; } // runs it here, then waits
} // namespace async_simple::coro

using namespace async_simple::coro;

int count_lines(const std::string &path) {
  auto lazy = [&]() -> Lazy<int> {
    std::ifstream in(path);
    int n = 0;
    std::string line;
    while (std::getline(in, line))
      ++n;
    co_return n;
  };
  return syncAwait(lazy());
}

Lazy<int> sleepy() {
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'sleepy' stalls its event loop
  co_return 1;
}

Lazy<int> awaits_it() { co_return co_await sleepy(); } // runs sleepy on its own thread
