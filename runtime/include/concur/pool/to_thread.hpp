#pragma once
// concur::to_thread and concur::run_in: the bridge from a task to a thread pool (the fix for a
// blocking call in a coroutine): run a blocking or CPU-heavy call on a pool and resume the
// awaiting task on its loop with the call's result or exception.

#include <coroutine>
#include <exception>
#include <memory>
#include <optional>
#include <source_location>
#include <stdexcept>
#include <type_traits>
#include <utility>

#include "concur/detail/callback.hpp"
#include "concur/detail/offload.hpp"
#include "concur/detail/promise_base.hpp"
#include "concur/event_loop.hpp"
#include "concur/pool/thread_pool.hpp"
#include "concur/task/cancelled.hpp"

namespace concur {
namespace detail {

template <class R> struct offload_value {
  std::optional<R> v;
  template <class F> void set(F &f) { v.emplace(f()); }
  R take() { return std::move(*v); }
};
template <class R> struct offload_value<R &> {
  R *v = nullptr;
  template <class F> void set(F &f) { v = std::addressof(f()); }
  R &take() { return *v; }
};
template <> struct offload_value<void> {
  template <class F> void set(F &f) { f(); }
  void take() {}
};

template <class F> class run_in_awaiter {
public:
  using result_type = std::invoke_result_t<F &>;

  run_in_awaiter(thread_pool *pool, F fn, std::source_location where)
      : pool_(pool), fn_(std::move(fn)), where_(where) {}
  run_in_awaiter(const run_in_awaiter &) = delete;
  run_in_awaiter &operator=(const run_in_awaiter &) = delete;

  bool await_ready() const noexcept { return false; }

  template <class P> bool await_suspend(std::coroutine_handle<P> h) {
    if (!offload_.begin(h))
      return false;
    if (!pool_) {
      if (!offload_.loop())
        throw std::logic_error("concur::to_thread: no event loop; run the task with concur::run "
                               "or event_loop::spawn, or use concur::run_in(pool, fn)");
      pool_ = &offload_.loop()->blocking_pool();
    }
    if (auto *root = offload_.root())
      root->set_where(where_);
    offload_.hand_over([&] { pool_->enqueue(callback([this] { run(); })); });
    return true;
  }

  result_type await_resume() {
    if (offload_.cancelled())
      throw cancelled();
    if (error_)
      std::rethrow_exception(error_);
    return value_.take();
  }

private:
  void run() noexcept { // on a pool thread
    if (offload_.loop() && offload_.loop()->closing()) {
      offload_.finish(); // the loop is being destroyed: a call not started never starts
      return;
    }
    try {
      value_.set(fn_);
    } catch (...) {
      error_ = std::current_exception();
    }
    offload_.finish(); // awaited outside any loop: continues on this pool thread
  }

  thread_pool *pool_;
  F fn_;
  std::source_location where_;
  offload_value<result_type> value_;
  std::exception_ptr error_;
  offload offload_;
};

} // namespace detail

/// Runs fn() on the loop's blocking pool (min(32, cores + 4) threads unless
/// event_loop::options says otherwise, started on first use) and resumes the awaiting task on
/// the loop thread with its result (a value, a move-only value, a reference or void) or
/// exception (asyncio.to_thread). The fix-it target for blocking calls. Throws
/// std::logic_error when no loop is found (use run_in with a pool there).
///
/// Example:
/// ```cpp
/// auto text = co_await concur::to_thread([&] { return read_file(path); });
/// ```
///
/// Cancellation: a task cancelled before the call is handed over throws concur::cancelled
/// and fn never runs; once handed over, fn runs to completion (a thread cannot be interrupted),
/// the task resumes with its result and the cancellation shows at the task's next suspension
/// point. When the loop is destroyed, calls already running are waited for; calls still queued
/// never start.
///
/// Thread safety: fn runs on another thread: what it touches must be safe to touch from there
/// (capturing the task's locals by reference is fine: the task waits).
///
/// Resumes on: the task's loop thread, also when it was awaited on a pool thread.
template <class F>
[[nodiscard]] detail::run_in_awaiter<std::decay_t<F>>
to_thread(F &&fn, std::source_location where = std::source_location::current()) {
  return detail::run_in_awaiter<std::decay_t<F>>(nullptr, std::forward<F>(fn), where);
}

/// Runs fn() on the given pool and resumes the awaiting task on its loop thread
/// (asyncio's run_in_executor): for CPU-bound work on a pool of your own size.
///
/// Example:
/// ```cpp
/// concur::thread_pool cpu(4);
/// co_await concur::run_in(cpu, [&] { compress(buffer); });
/// ```
///
/// Cancellation: as to_thread (the loop's destructor waits for a call running on any pool).
/// Submitting to a pool that was shut down throws std::runtime_error.
///
/// Thread safety: as to_thread.
///
/// Resumes on: the task's loop thread; awaited outside any loop, the pool thread that ran fn.
template <class F>
[[nodiscard]] detail::run_in_awaiter<std::decay_t<F>>
run_in(thread_pool &pool, F &&fn, std::source_location where = std::source_location::current()) {
  return detail::run_in_awaiter<std::decay_t<F>>(&pool, std::forward<F>(fn), where);
}

} // namespace concur
