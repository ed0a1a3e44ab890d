// RUN: %check_concur %s concur-blocking-call-in-coroutine %t --
// Regression test from docs/real-world.md. The analyzer of 231729e reported libcoro test/test_thread_pool.cpp:171: after 'co_await tp->schedule()'
// the coroutine runs on a coro::thread_pool worker, where blocking is allowed, but
// libcoro's thread_pool::schedule() is not among the default pool hops.
// No longer reported since 5cf6fd9 (framework profiles: libcoro pool hops).

#include "coro.h"
#include <chrono>
#include <thread>

namespace coro {
template <typename T = void> using task = test::task<T>;
class thread_pool {
public:
  struct schedule_operation {
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<>) noexcept {}
    void await_resume() noexcept {}
  };
  schedule_operation schedule() { return {}; }
};
} // namespace coro

coro::task<> no_warning_after_pool_hop(coro::thread_pool &tp) {
  co_await tp.schedule();
  std::this_thread::sleep_for(std::chrono::milliseconds{10});
  co_return;
}
