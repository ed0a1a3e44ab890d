#pragma once
// concur::yield_now: a suspension point that lets the loop's other ready tasks run (asyncio's
// `await asyncio.sleep(0)`), for long loops of work that would otherwise stall the loop.

#include <coroutine>
#include <source_location>
#include <stdexcept>

#include "concur/detail/promise_base.hpp"
#include "concur/event_loop.hpp"
#include "concur/task/cancelled.hpp"

namespace concur {
namespace detail {
struct yield_awaiter {
  std::source_location where_;
  bool cancelled_ = false;
  bool await_ready() const noexcept { return false; }
  template <class P> bool await_suspend(std::coroutine_handle<P> h) {
    auto *root = root_of(h);
    if (root && root->cancel_requested()) {
      cancelled_ = true;
      return false;
    }
    auto *loop = event_loop::for_task(root);
    if (!loop)
      throw std::logic_error("concur::yield_now: no event loop");
    if (root)
      root->set_where(where_);
    loop->resume_soon(h, root);
    return true;
  }
  void await_resume() const {
    if (cancelled_)
      throw cancelled();
  }
};
} // namespace detail

/// A suspension point that does nothing but let other tasks run (and lets cancellation in).
/// Throws std::logic_error when no loop is found (neither on this thread nor owning the task).
///
/// Example:
/// ```cpp
/// for (auto &item : big_batch) {
///   process(item);
///   co_await concur::yield_now();
/// }
/// ```
///
/// Cancellation: a task already cancelled gets concur::cancelled without suspending; one
/// cancelled while it waits for its turn resumes normally and sees it at its next suspension
/// point.
///
/// Thread safety: any thread on which the task runs.
///
/// Resumes on: the task's loop thread; awaited on a pool thread, it moves the task back to its
/// loop.
[[nodiscard]] inline detail::yield_awaiter
yield_now(std::source_location where = std::source_location::current()) noexcept {
  return {where};
}

} // namespace concur
