#pragma once
// concur::sleep_for / concur::sleep_until: wait without blocking the loop's thread, by parking
// the awaiting task on a timer of its loop (the fix for a std::this_thread::sleep_for in a
// coroutine).

#include <chrono>
#include <coroutine>
#include <source_location>
#include <stdexcept>

#include "concur/detail/callback.hpp"
#include "concur/detail/promise_base.hpp"
#include "concur/detail/timer_heap.hpp"
#include "concur/event_loop.hpp"
#include "concur/task/cancelled.hpp"

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

// The steady-clock time d from now, saturating: a duration too long to represent ("forever",
// such as hours::max() or 300 years) gives time_point::max(), which no timer ever reaches. A
// zero or negative duration means now.
template <class Rep, class Period>
std::chrono::steady_clock::time_point deadline_after(std::chrono::duration<Rep, Period> d,
                                                     std::chrono::steady_clock::time_point now) {
  using clock = std::chrono::steady_clock;
  using dur = clock::duration;
  using src = std::chrono::duration<Rep, Period>;
  if (!(d > src::zero())) // also NaN
    return now;
  const dur room = clock::time_point::max() - now; // now is after the clock's epoch
  // Compare in the source unit, where the room converts without overflow (a floating or
  // coarser unit holds it; a finer integer unit may not, then d is certainly smaller).
  if constexpr (std::chrono::treat_as_floating_point_v<Rep>) {
    if (static_cast<long double>(d.count()) * Period::num / Period::den >=
        static_cast<long double>(room.count()) * dur::period::num / dur::period::den)
      return clock::time_point::max();
  } else if constexpr (std::ratio_greater_equal_v<Period, dur::period>) {
    if (d >= std::chrono::duration_cast<src>(room))
      return clock::time_point::max();
  }
  const dur dd = std::chrono::ceil<dur>(d);
  return dd >= room ? clock::time_point::max() : now + dd;
}
template <class Rep, class Period>
std::chrono::steady_clock::time_point deadline_after(std::chrono::duration<Rep, Period> d) {
  return deadline_after(d, std::chrono::steady_clock::now());
}

template <class Clock, class Duration>
std::chrono::steady_clock::time_point to_steady(std::chrono::time_point<Clock, Duration> tp) {
  using steady = std::chrono::steady_clock;
  const auto steady_now = steady::now();
  if constexpr (std::is_same_v<Clock, steady>) {
    // Saturate instead of overflowing when the unit is coarser than the clock's; the past
    // (down to time_point::min()) is now.
    if (tp.time_since_epoch() >= std::chrono::floor<Duration>(steady::duration::max()))
      return steady::time_point::max();
    if (tp <= std::chrono::time_point_cast<Duration>(steady_now))
      return steady_now;
    return std::chrono::time_point_cast<steady::duration>(tp);
  } else {
    // Measured on tp's own clock (in tp's unit, so that nothing overflows), then carried over
    // saturating: the end of time stays there, the distant past is now.
    const auto now = std::chrono::floor<Duration>(Clock::now());
    if (tp <= now)
      return steady_now;
    return deadline_after(tp - now, steady_now); // both after the epoch: no overflow
  }
}

} // namespace detail

/// Suspends the awaiting task for at least d without blocking the loop. A duration too long
/// to represent on the steady clock (hours::max(), 300 years) saturates: the task sleeps
/// forever, until it is cancelled. A zero or negative d still suspends once, until the loop's
/// next iteration. Throws std::logic_error when no loop is found (neither on this thread nor
/// owning the task). A sleeper costs one pointer in the loop's timer heap; waits use
/// epoll_pwait2, so 1 ms is 1 ms.
///
/// Example:
/// ```cpp
/// co_await concur::sleep_for(std::chrono::milliseconds(250));
/// ```
///
/// Cancellation: a sleeping task wakes at once with concur::cancelled (also one that began
/// sleeping on a pool thread). One whose timer had fired before the cancellation resumes
/// normally and sees it at its next suspension point. A sleep destroyed while parked (its loop
/// is torn down) leaves the timer heap.
///
/// Thread safety: any thread on which the task runs; off the loop thread the timer is armed
/// on the task's loop.
///
/// Resumes on: the task's loop thread (awaited on a pool thread, it moves the task back).
template <class Rep, class Period>
[[nodiscard]] detail::sleep_awaiter
sleep_for(std::chrono::duration<Rep, Period> d,
          std::source_location where = std::source_location::current()) noexcept {
  return detail::sleep_awaiter(detail::deadline_after(d), where);
}

/// Suspends the awaiting task until tp (any clock; non-steady clocks are converted once, so a
/// later change of the system clock does not move the wake-up). A tp in the past, down to
/// time_point::min(), means now; one beyond the steady clock's range means forever.
///
/// Example:
/// ```cpp
/// co_await concur::sleep_until(std::chrono::steady_clock::now() + 1s);
/// ```
///
/// Cancellation: as sleep_for.
///
/// Thread safety: as sleep_for.
///
/// Resumes on: the task's loop thread.
template <class Clock, class Duration>
[[nodiscard]] detail::sleep_awaiter
sleep_until(std::chrono::time_point<Clock, Duration> tp,
            std::source_location where = std::source_location::current()) {
  return detail::sleep_awaiter(detail::to_steady(tp), where);
}

} // namespace concur
