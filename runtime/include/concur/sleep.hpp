#pragma once
// concur::sleep_for / concur::sleep_until: park the awaiting task on a timer of its loop.

#include <chrono>
#include <coroutine>
#include <source_location>
#include <stdexcept>

#include "concur/cancelled.hpp"
#include "concur/detail/callback.hpp"
#include "concur/detail/promise_base.hpp"
#include "concur/detail/timer_heap.hpp"
#include "concur/event_loop.hpp"

namespace concur {
namespace detail {

class sleep_awaiter : private timer_node {
public:
  sleep_awaiter(std::chrono::steady_clock::time_point deadline, std::source_location where) noexcept
      : where_(where) {
    this->deadline = deadline;
    this->fire = &on_fire;
  }
  sleep_awaiter(const sleep_awaiter &) = delete;
  sleep_awaiter &operator=(const sleep_awaiter &) = delete;
  ~sleep_awaiter() {
    // The frame is destroyed while parked (loop shutdown): leave the timer heap consistent.
    if (heap_index != not_queued)
      if (auto *loop = event_loop::for_task(root_))
        loop->cancel_timer(*this);
    if (root_)
      root_->clear_cancel_hook(this);
  }

  bool await_ready() const noexcept { return false; }

  template <class P> bool await_suspend(std::coroutine_handle<P> h) {
    root_ = root_of(h);
    if (root_ && root_->cancel_requested()) {
      this->fire = nullptr; // cancelled
      return false;
    }
    event_loop *loop = event_loop::for_task(root_);
    if (!loop)
      throw std::logic_error("concur::sleep_for: no event loop; run the task with concur::run "
                             "or event_loop::spawn");
    if (root_)
      root_->set_where(where_);
    handle_ = h; // where_ is not needed any more
    if (loop->on_loop_thread())
      arm();
    else // a task on a pool thread sleeps on its loop and resumes there
      loop->post_threadsafe(callback([this] { arm(); }));
    return true;
  }

  void await_resume() const {
    if (!this->fire) // cancelled
      throw cancelled();
  }

private:
  // arm, on_fire and on_cancel run on the loop thread, so event_loop::current() is the loop.
  void arm() {
    event_loop *loop = event_loop::current();
    if (root_ && root_->cancel_requested()) {
      this->fire = nullptr; // cancelled
      loop->schedule(handle_, root_);
      return;
    }
    if (root_)
      root_->set_cancel_hook(&on_cancel, this);
    loop->add_timer(*this);
  }

  static void on_fire(timer_node *n) {
    auto *self = static_cast<sleep_awaiter *>(n);
    if (self->root_)
      self->root_->clear_cancel_hook(self);
    event_loop::current()->schedule(self->handle_, self->root_);
  }

  static void on_cancel(void *p) noexcept {
    auto *self = static_cast<sleep_awaiter *>(p);
    event_loop *loop = event_loop::current();
    loop->cancel_timer(*self);
    self->fire = nullptr; // cancelled
    loop->schedule(self->handle_, self->root_);
  }

  // A parked task keeps this awaiter in its frame, so it is kept small: the suspension point
  // is only needed until it is recorded in the root, then the slot holds the coroutine to
  // resume; a null `fire` means the sleep was cancelled. The loop is the one running (the
  // loop destroys its tasks only after dequeuing their timers).
  union {
    std::source_location where_;
    std::coroutine_handle<> handle_;
  };
  promise_base *root_ = nullptr;
};

template <class Clock, class Duration>
std::chrono::steady_clock::time_point to_steady(std::chrono::time_point<Clock, Duration> tp) {
  if constexpr (std::is_same_v<Clock, std::chrono::steady_clock>)
    return std::chrono::time_point_cast<std::chrono::steady_clock::duration>(tp);
  else
    return std::chrono::steady_clock::now() +
           std::chrono::duration_cast<std::chrono::steady_clock::duration>(tp - Clock::now());
}

} // namespace detail

/// Suspends the awaiting task for at least d without blocking the loop.
/// `co_await concur::sleep_for(std::chrono::milliseconds(10));`
template <class Rep, class Period>
[[nodiscard]] detail::sleep_awaiter
sleep_for(std::chrono::duration<Rep, Period> d,
          std::source_location where = std::source_location::current()) noexcept {
  auto now = std::chrono::steady_clock::now();
  auto dd = std::chrono::ceil<std::chrono::steady_clock::duration>(d);
  return detail::sleep_awaiter(dd > dd.zero() ? now + dd : now, where);
}

/// Suspends the awaiting task until tp (any clock; non-steady clocks are converted once).
template <class Clock, class Duration>
[[nodiscard]] detail::sleep_awaiter
sleep_until(std::chrono::time_point<Clock, Duration> tp,
            std::source_location where = std::source_location::current()) {
  return detail::sleep_awaiter(detail::to_steady(tp), where);
}

} // namespace concur
