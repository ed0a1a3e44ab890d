// Minimal coroutine types for the check tests: a task that may await
// anything, an awaitable, and a synchronous generator.
#pragma once
#include <coroutine>
#include <exception>

namespace test {

template <typename T = void> struct task {
  struct promise_type {
    T value{};
    task get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_value(T v) { value = v; }
    void unhandled_exception() { std::terminate(); }
  };
};

template <> struct task<void> {
  struct promise_type {
    task get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() { std::terminate(); }
  };
};

struct ready {
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  int await_resume() const noexcept { return 0; }
};

template <typename T> struct generator {
  struct promise_type {
    T current{};
    generator get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    std::suspend_always yield_value(T v) {
      current = v;
      return {};
    }
    void return_void() {}
    void unhandled_exception() { std::terminate(); }
  };
};

// Stand-ins for an executor API that the pool-hop option can name.
struct pool {
  ready schedule() { return {}; }
};
struct loop {
  ready schedule() { return {}; }
};

} // namespace test
