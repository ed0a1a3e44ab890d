// RUN: %check_concur %s concur-unawaited-awaitable %t -- -std=c++20
// Regression test from docs/real-world.md, miss UM1 (survey 4). A lazy task
// in async_simple's style inherits its promise_type from a base class
// template and is awaited through the promise's await_transform, with no
// await_* of its own: the check did not see it as a task, so `sub();` in a
// coroutine, which never runs sub, was not reported. A small stand-in, in
// its style.

#include <coroutine>

namespace async_simple::coro {
template <class T> class Lazy;

namespace detail {
struct LazyPromiseBase {
  std::suspend_always initial_suspend() noexcept { return {}; }
  std::suspend_always final_suspend() noexcept { return {}; }
  void unhandled_exception() {}
  template <class A> A &&await_transform(A &&a) { return static_cast<A &&>(a); }
};
template <class T> struct LazyPromise : LazyPromiseBase {
  Lazy<T> get_return_object() noexcept;
  void return_value(T) {}
};
template <class T> class LazyBase {
public:
  using promise_type = LazyPromise<T>;
  bool await_ready() const noexcept { return true; } // stands for its awaiter
  void await_suspend(std::coroutine_handle<>) noexcept {}
  T await_resume() { return T{}; }
};
} // namespace detail

template <class T> class Lazy : public detail::LazyBase<T> {};
template <class T> Lazy<T> detail::LazyPromise<T>::get_return_object() noexcept { return {}; }
} // namespace async_simple::coro

using async_simple::coro::Lazy;

Lazy<int> sub() { co_return 1; }

Lazy<int> caller() {
  sub();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the task returned by 'sub' is never awaited: a lazy coroutine does not run until it is awaited [concur-unawaited-awaitable]
  // CHECK-FIXES: {{^}}  co_await sub();{{$}}
  int v = co_await sub();
  co_return v;
}
