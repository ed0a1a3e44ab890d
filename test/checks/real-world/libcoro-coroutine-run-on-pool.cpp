// RUN: %check_concur %s concur-blocking-call-in-coroutine %t --
// XFAIL: *
// Reproduces libcoro test/test_thread_pool.cpp:193, :282 and :307: a coroutine with no
// hop of its own is resumed on a coro::thread_pool by its caller (tp.resume(handle),
// tp.spawn(task), or awaited by a coroutine that already hopped to the pool), so its
// blocking call stalls a pool worker, not an event loop.

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
  std::coroutine_handle<promise_type> handle;
};
class thread_pool {
public:
  bool resume(std::coroutine_handle<> h); // hands h to a worker thread
};
} // namespace coro

void no_warning_resumed_on_pool(coro::thread_pool &tp) {
  auto long_task = []() -> coro::task {
    std::this_thread::sleep_for(std::chrono::milliseconds{200});
    co_return;
  };
  auto t = long_task();
  tp.resume(t.handle);
}
