#pragma once
// concur::task<T>: the coroutine type of the runtime. Write `concur::task<T> f()` and
// `co_await` inside it; a task runs when it is awaited or spawned on an event loop.

#include <coroutine>
#include <exception>
#include <memory>
#include <optional>
#include <stdexcept>
#include <type_traits>
#include <utility>

#include "concur/detail/promise_base.hpp"

namespace concur {

template <class T = void> class task;

namespace detail {

template <class T> class task_promise final : public promise_base {
public:
  task<T> get_return_object() noexcept;

  template <class U>
    requires std::is_convertible_v<U &&, T>
  void return_value(U &&v) noexcept(std::is_nothrow_constructible_v<T, U &&>) {
    value_.emplace(std::forward<U>(v));
  }

  T result() {
    if (exception_)
      std::rethrow_exception(exception_);
    return std::move(*value_);
  }

private:
  std::optional<T> value_;
};

template <class T> class task_promise<T &> final : public promise_base {
public:
  task<T &> get_return_object() noexcept;
  void return_value(T &v) noexcept { value_ = std::addressof(v); }
  T &result() {
    if (exception_)
      std::rethrow_exception(exception_);
    return *value_;
  }

private:
  T *value_ = nullptr;
};

template <> class task_promise<void> final : public promise_base {
public:
  task<void> get_return_object() noexcept;
  void return_void() noexcept {}
  void result() {
    if (exception_)
      std::rethrow_exception(exception_);
  }
};

} // namespace detail

/// A coroutine that produces a T (void and references allowed). It is lazy: nothing runs until
/// it is awaited (`co_await t`) or spawned (`loop.spawn(std::move(t))`). Awaiting transfers
/// control symmetrically, so deep chains do not grow the stack; an exception thrown in the task
/// is rethrown to its awaiter. A task is awaited once: awaiting it again, or from a second
/// coroutine while the first waits, throws std::logic_error. Frames are recycled per thread,
/// so steady-state spawning and awaiting allocate nothing.
///
/// Example:
/// ```cpp
/// concur::task<int> answer() { co_return 42; }
/// concur::task<int> twice() { co_return 2 * co_await answer(); }
/// ```
///
/// Cancellation: a task has no cancellation of its own. The spawned task at the root of the
/// chain that awaits it carries the flag, and the runtime's suspension points inside the task
/// throw concur::cancelled, which leaves `co_await t` like any exception. Destroying a task
/// destroys its frame: one never awaited never runs; one suspended (its loop is torn down)
/// runs its locals' destructors, and each awaitable inside leaves its queue.
///
/// Thread safety: a task object is not shared; move it to where it is awaited or spawned.
///
/// Resumes on: `co_await t` continues on the thread on which t finished: the loop thread,
/// unless t moved to a pool (resume_on) and did not come back.
template <class T> class [[nodiscard]] task {
public:
  using promise_type = detail::task_promise<T>;
  using handle_type = std::coroutine_handle<promise_type>;
  using value_type = T;

  task() noexcept = default;
  explicit task(handle_type h) noexcept : h_(h) {}
  task(task &&o) noexcept : h_(std::exchange(o.h_, {})) {}
  task &operator=(task &&o) noexcept {
    if (this != &o) {
      if (h_)
        h_.destroy();
      h_ = std::exchange(o.h_, {});
    }
    return *this;
  }
  task(const task &) = delete;
  task &operator=(const task &) = delete;
  ~task() {
    if (h_)
      h_.destroy();
  }

  /// True when the task holds a coroutine (false after a move or when default-constructed).
  bool valid() const noexcept { return static_cast<bool>(h_); }
  bool done() const noexcept { return h_ && h_.done(); }

  /// Gives up ownership of the coroutine (used by spawn).
  handle_type release() noexcept { return std::exchange(h_, {}); }

  struct awaiter {
    handle_type h;
    bool await_ready() const noexcept { return !h || h.done(); }
#if CONCUR_SYMMETRIC_TRANSFER
    template <class P> std::coroutine_handle<> await_suspend(std::coroutine_handle<P> parent) {
      auto &p = h.promise();
      if (p.continuation_)
        throw std::logic_error("concur::task: the task is already being awaited");
      p.continuation_ = parent;
      p.root_ = detail::root_of(parent);
      return h;
    }
#else
    template <class P> bool await_suspend(std::coroutine_handle<P> parent) {
      auto &p = h.promise();
      if (p.continuation_)
        throw std::logic_error("concur::task: the task is already being awaited");
      p.continuation_ = parent;
      p.root_ = detail::root_of(parent);
      h.resume();
      // True: the task suspended and will resume us when it finishes.
      return !p.inline_done_.exchange(true, std::memory_order_acq_rel);
    }
#endif
    decltype(auto) await_resume() {
      if (!h)
        throw std::logic_error("concur::task: awaiting an empty task");
      if (h.promise().result_taken_) // its value was moved out by the first await
        throw std::logic_error("concur::task: the task was already awaited");
      h.promise().result_taken_ = true;
      return h.promise().result();
    }
  };

  awaiter operator co_await() & noexcept { return awaiter{h_}; }
  awaiter operator co_await() && noexcept { return awaiter{h_}; }

private:
  handle_type h_;
};

namespace detail {
template <class T> task<T> task_promise<T>::get_return_object() noexcept {
  return task<T>(std::coroutine_handle<task_promise<T>>::from_promise(*this));
}
template <class T> task<T &> task_promise<T &>::get_return_object() noexcept {
  return task<T &>(std::coroutine_handle<task_promise<T &>>::from_promise(*this));
}
inline task<void> task_promise<void>::get_return_object() noexcept {
  return task<void>(std::coroutine_handle<task_promise<void>>::from_promise(*this));
}
} // namespace detail

} // namespace concur
