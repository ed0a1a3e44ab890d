#pragma once
// concur::yield_now: let the other ready tasks of the loop run.

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
[[nodiscard]] inline detail::yield_awaiter
yield_now(std::source_location where = std::source_location::current()) noexcept {
  return {where};
}

} // namespace concur
