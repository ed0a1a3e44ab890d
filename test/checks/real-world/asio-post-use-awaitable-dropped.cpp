// RUN: %check_concur %s concur-unawaited-awaitable %t -- -std=c++20
// Regression test from docs/real-world.md, miss UM2 (survey 4). Asio's
// post/dispatch/defer start a handler on an executor, so a dropped result
// was let go as a thread start's handle; with the completion token
// use_awaitable the call only builds an awaitable and posts nothing, so
// dropping it is the bug. The asio profile's deferred_tokens say which
// tokens defer. A small stand-in for Asio, in its style.

#include <coroutine>

namespace asio {
struct any_io_executor {};

template <class T = void, class Executor = any_io_executor> class awaitable {
public:
  bool await_ready() const noexcept { return true; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  T await_resume() {}
};

template <class Executor = any_io_executor> struct use_awaitable_t {};
constexpr use_awaitable_t<> use_awaitable;
template <class Token> struct as_tuple_t {};
template <class Token> as_tuple_t<Token> as_tuple(Token) { return {}; }
struct deferred_t {};
constexpr deferred_t deferred;
template <class Initiation> struct deferred_async_operation {
  template <class Token> void operator()(Token &&) {} // launches it
};
struct post_initiation {};
struct detached_t {};
constexpr detached_t detached;

template <class Executor> awaitable<void> post(const Executor &, use_awaitable_t<>) { return {}; }
template <class Executor> awaitable<void> dispatch(const Executor &, use_awaitable_t<>) {
  return {};
}
template <class Executor, class Token>
awaitable<void> post(const Executor &, as_tuple_t<Token>) {
  return {};
}
template <class Executor>
deferred_async_operation<post_initiation> post(const Executor &, deferred_t = deferred) {
  return {};
}
template <class Executor, class Handler> void post(const Executor &, Handler &&) {}
} // namespace asio

// The promise asio's coroutines get through coroutine_traits.
template <class T, class... Args> struct std::coroutine_traits<asio::awaitable<T>, Args...> {
  struct promise_type {
    asio::awaitable<T> get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};

asio::awaitable<void> yield_to_others(asio::any_io_executor ex) {
  asio::post(ex, asio::use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the awaitable returned by 'post' is discarded without co_await: it does nothing until it is awaited [concur-unawaited-awaitable]
  // CHECK-FIXES: {{^}}  co_await asio::post(ex, asio::use_awaitable);{{$}}
  asio::dispatch(ex, asio::use_awaitable);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the awaitable returned by 'dispatch' is discarded
  // CHECK-FIXES: {{^}}  co_await asio::dispatch(ex, asio::use_awaitable);{{$}}
  asio::post(ex, asio::as_tuple(asio::use_awaitable)); // an adapted token defers too
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the awaitable returned by 'post' is discarded
  // CHECK-FIXES: {{^}}  co_await asio::post(ex, asio::as_tuple(asio::use_awaitable)); // an adapted token defers too{{$}}
  co_await asio::post(ex, asio::use_awaitable);
  asio::post(ex, [] {}); // a handler: posted now, returns nothing
  co_return;
}

// A deferred operation (the default token's) runs only when launched.
void launch_later(asio::any_io_executor ex) {
  asio::post(ex, asio::deferred);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the task returned by 'post' is never awaited
  asio::post(ex);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the task returned by 'post' is never awaited
  auto op = asio::post(ex, asio::deferred);
  op([] {});
}

asio::awaitable<void> unused() {
  co_return;
}
