// RUN: %check_concur %s concur-unawaited-awaitable %t -- -std=c++20
// RUN: %check_concur --check-suffix=OFF %s concur-unawaited-awaitable %t \
// RUN:   --config="{CheckOptions: {Profiles: 'asio'}}" -- -std=c++20
// Regression test from docs/real-world.md, miss UM3 (survey 4). A lazy
// result in concurrencpp's style gets its promise from a coroutine_traits
// specialisation and is awaited through operator co_await, so nothing in
// the type says it is lazy; the concurrencpp profile's task_types does,
// and without that profile it is not reported. A small stand-in, in its
// style.

#include <coroutine>

namespace concurrencpp {
template <class T> class lazy_result {
public:
  struct awaiter {
    bool await_ready() const noexcept { return true; }
    void await_suspend(std::coroutine_handle<>) noexcept {}
    T await_resume() { return T{}; }
  };
  awaiter operator co_await() { return {}; }
};
} // namespace concurrencpp

template <class T, class... Args>
struct std::coroutine_traits<concurrencpp::lazy_result<T>, Args...> {
  struct promise_type {
    concurrencpp::lazy_result<T> get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_value(T) {}
    void unhandled_exception() {}
  };
};

concurrencpp::lazy_result<int> compute() { co_return 1; }

concurrencpp::lazy_result<int> consumer() {
  compute();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the task returned by 'compute' is never awaited: a lazy coroutine does not run until it is awaited [concur-unawaited-awaitable]
  // CHECK-FIXES: {{^}}  co_await compute();{{$}}
  int v = co_await compute();
  co_return v;
}
