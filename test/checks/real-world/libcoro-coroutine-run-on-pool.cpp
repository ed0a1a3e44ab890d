// RUN: %check_concur %s concur-blocking-call-in-coroutine %t -- -I%runtime_include
// Regression test from docs/real-world.md, class C3 (libcoro test/test_thread_pool.cpp:193,
// :282 and :307, reported in surveys 1-3): a coroutine lambda with no hop of its own is
// started on a coro::thread_pool by the code that makes it (tp.resume(handle),
// tp.spawn_joinable(task), or awaited by a coroutine that already hopped to the pool), so
// its blocking call stalls a pool worker, not an event loop. Where the same coroutine may
// reach a loop, it is still reported.

#include <chrono>
#include <coroutine>
#include <exception>
#include <thread>
#include <utility>

namespace coro {
template <class T = void> struct task {
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
  std::coroutine_handle<promise_type> handle() const { return h; }
  bool is_ready() const { return h.done(); }
  std::coroutine_handle<promise_type> h;
};
struct schedule_operation {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  void await_resume() noexcept {}
};
class thread_pool {
public:
  schedule_operation schedule();
  bool resume(std::coroutine_handle<> h); // hands h to a worker thread
  task<> spawn_joinable(task<> &&t);
};
class io_scheduler { // an event loop
public:
  bool spawn(task<> &&t);
};
struct event {
  schedule_operation operator co_await() const noexcept { return {}; }
};
template <class A> void sync_wait(A &&) {}
} // namespace coro

using namespace std::chrono_literals;

void no_warning_resumed_on_pool(coro::thread_pool &tp) {
  auto long_task = []() -> coro::task<> {
    std::this_thread::sleep_for(200ms);
    co_return;
  };
  auto t = long_task();
  tp.resume(t.handle());
  bool ready = t.is_ready(); // looks, does not run
  (void)ready;
  coro::sync_wait(t); // already done: and sync_wait runs it on this thread anyway
}

void no_warning_spawned_on_pool(coro::thread_pool &tp, coro::event &e) {
  auto long_task = [](coro::event &e) -> coro::task<> {
    std::this_thread::sleep_for(100ms);
    co_await e; // resumed by whoever sets the event
    co_return;
  };
  auto joined = tp.spawn_joinable(long_task(e));
  coro::sync_wait(joined);
}

void no_warning_awaited_after_a_hop(coro::thread_pool &tp) {
  auto sleep_task = [](std::chrono::milliseconds d) -> coro::task<> {
    std::this_thread::sleep_for(d);
    co_return;
  };
  auto wait_task = [&](coro::thread_pool &tp) -> coro::task<> {
    co_await tp.schedule();
    for (int i = 0; i < 5; ++i)
      co_await sleep_task(10ms); // sleep_task never suspends: we stay on the pool
  };
  coro::sync_wait(wait_task(tp));
}

// Reported: one of the places that runs it is an event loop.
void spawned_on_a_loop(coro::thread_pool &tp, coro::io_scheduler &loop) {
  auto work = []() -> coro::task<> {
    std::this_thread::sleep_for(10ms);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'lambda' stalls its event loop
    co_return;
  };
  tp.spawn_joinable(work());
  loop.spawn(work());
}

// Reported: awaited before the hop, on whatever runs the awaiter.
void awaited_before_the_hop(coro::thread_pool &tp) {
  auto sleep_task = []() -> coro::task<> {
    std::this_thread::sleep_for(10ms);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'lambda' stalls its event loop
    co_return;
  };
  auto outer = [&]() -> coro::task<> {
    co_await sleep_task();
    co_await tp.schedule();
  };
  coro::io_scheduler loop;
  loop.spawn(outer());
}

// Reported: after a suspension it resumes wherever the event was set.
void after_its_own_suspension(coro::thread_pool &tp, coro::event &e) {
  auto work = [](coro::event &e) -> coro::task<> {
    co_await e;
    std::this_thread::sleep_for(10ms);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'lambda' stalls its event loop
    co_return;
  };
  tp.spawn_joinable(work(e));
}

// Reported: the lambda itself is handed on; who runs it is not known here.
template <class F> void run_later(F &&f) { (void)f; }
void handed_on() {
  auto work = []() -> coro::task<> {
    std::this_thread::sleep_for(10ms);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'lambda' stalls its event loop
    co_return;
  };
  run_later(work);
}

// Reported: handed to a function through a pointer, which may run it anywhere.
void through_a_pointer(void (*runner)(coro::task<> &&)) {
  auto work = []() -> coro::task<> {
    std::this_thread::sleep_for(10ms);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'std::this_thread::sleep_for' in coroutine 'lambda' stalls its event loop
    co_return;
  };
  runner(work());
  runner(std::move(work()));
}
