#pragma once
// concur::timeout: give a task a deadline (asyncio.wait_for): its result if it finishes in
// time, else it is cancelled and concur::timeout_error is thrown.

#include <chrono>
#include <coroutine>
#include <exception>
#include <stdexcept>
#include <type_traits>
#include <utility>

#include "concur/detail/promise_base.hpp"
#include "concur/detail/task_group.hpp"
#include "concur/detail/timer_heap.hpp"
#include "concur/event_loop.hpp"
#include "concur/task/cancelled.hpp"
#include "concur/task/join_handle.hpp"
#include "concur/task/task.hpp"
#include "concur/time/sleep.hpp"

namespace concur {

/// Thrown by concur::timeout when the deadline passes first (and the task then stopped for
/// the cancellation), and by process_pool's submit_for/run_for when a job overruns its limit.
///
/// Example:
/// ```cpp
/// try { co_await concur::timeout(2s, ping(peer)); }
/// catch (const concur::timeout_error &) { mark_down(peer); }
/// ```
///
/// Cancellation: a std::runtime_error, unlike concur::cancelled: a handler for ordinary errors
/// catches it.
///
/// Thread safety: an ordinary exception object.
///
/// Resumes on: not an awaitable.
class timeout_error : public std::runtime_error {
public:
  timeout_error() : std::runtime_error("concur::timeout_error: the operation timed out") {}
};

namespace detail {

// Waits for one spawned child with a deadline: when the timer fires the child is cancelled,
// and the wait goes on until the child has finished, so the child's own outcome (a value it
// completed with, or the cancellation) decides. Cancelling the awaiting task cancels the child
// the same way. Loop thread only.
class deadline_wait : private timer_node {
public:
  deadline_wait(promise_base &child, std::chrono::steady_clock::time_point deadline) noexcept
      : child_(child) {
    this->deadline = deadline;
    this->fire = &on_fire;
  }
  deadline_wait(const deadline_wait &) = delete;
  deadline_wait &operator=(const deadline_wait &) = delete;
  ~deadline_wait() {
    if (!child_.done_ && child_.on_done_ == &child_done) {
      child_.on_done_ = nullptr; // the frame is being torn down: the child must not call back
      child_.request_cancel();
    }
    if (loop_)
      loop_->cancel_timer(*this);
    if (root_)
      root_->clear_cancel_hook(this);
  }

  bool await_ready() const noexcept { return child_.done_; }
  template <class P> bool await_suspend(std::coroutine_handle<P> h) {
    root_ = root_of(h);
    waiter_ = h;
    loop_ = &loop_for_group("concur::timeout");
    child_.on_done_ = &child_done;
    child_.on_done_arg_ = this;
    if (root_ && root_->cancel_requested())
      child_.request_cancel();
    else if (root_)
      root_->set_cancel_hook(&on_cancel, this);
    if (this->deadline != std::chrono::steady_clock::time_point::max())
      loop_->add_timer(*this);
    return true;
  }
  void await_resume() noexcept {
    if (root_)
      root_->clear_cancel_hook(this);
  }

  /// True when the deadline passed before the child finished.
  bool expired() const noexcept { return expired_; }

private:
  static void on_fire(timer_node *n) noexcept {
    auto *self = static_cast<deadline_wait *>(n);
    self->expired_ = true;
    self->child_.request_cancel(); // the child decides: a value it still completes with wins
  }
  static void on_cancel(void *arg) noexcept {
    static_cast<deadline_wait *>(arg)->child_.request_cancel();
  }
  static void child_done(void *arg, promise_base &child) noexcept {
    auto *self = static_cast<deadline_wait *>(arg);
    child.on_done_ = nullptr;
    self->loop_->cancel_timer(*self);
    self->loop_->schedule(std::exchange(self->waiter_, {}), self->root_);
  }

  promise_base &child_;
  promise_base *root_ = nullptr;
  event_loop *loop_ = nullptr;
  std::coroutine_handle<> waiter_;
  bool expired_ = false;
};

inline bool is_cancellation(const std::exception_ptr &e) noexcept {
  if (!e)
    return false;
  try {
    std::rethrow_exception(e);
  } catch (const cancelled &) {
    return true;
  } catch (...) {
  }
  return false;
}

template <class T> task<T *> address_of(task<T &> t) { co_return &(co_await std::move(t)); }

} // namespace detail

/// Runs t with a deadline d (asyncio.wait_for), as a spawned child named "timeout". When d
/// passes first, t is cancelled and timeout waits for it to finish; then:
/// - t completed anyway (it was past its last suspension point): its result is returned, so a
///   value t already had is never dropped;
/// - t ended with concur::cancelled: concur::timeout_error is thrown;
/// - t failed otherwise: its exception is rethrown.
/// A d too long to represent (hours::max()) never fires.
///
/// Example:
/// ```cpp
/// try {
///   auto body = co_await concur::timeout(2s, http_get(url));
/// } catch (const concur::timeout_error &) {
///   // retry
/// }
/// ```
///
/// Cancellation: cancelling the awaiting task cancels t the same way; timeout then returns
/// t's result if it completed, else rethrows t's `cancelled` (timeout_error if the deadline
/// had passed too). What t's own suspension point does with its work on cancellation is
/// documented on each awaitable (a channel receive, for one, gives its value back to the
/// channel). A timeout destroyed while it waits (its loop is torn down) cancels t and leaves
/// it to the loop.
///
/// Thread safety: await it on a loop thread (else std::logic_error); t runs there.
///
/// Resumes on: the loop thread.
template <class Rep, class Period, class T>
task<T> timeout(std::chrono::duration<Rep, Period> d, task<T> t) {
  if constexpr (std::is_reference_v<T>) {
    co_return *(co_await timeout(d, detail::address_of(std::move(t))));
  } else {
    const auto deadline = detail::deadline_after(d);
    event_loop &loop = detail::loop_for_group("concur::timeout");
    join_handle<T> child = loop.spawn(std::move(t), "timeout");
    detail::deadline_wait wait(child.promise(), deadline);
    co_await wait;
    if (wait.expired() && detail::is_cancellation(child.promise().exception_)) {
      child.promise().result_taken_ = true;
      throw timeout_error();
    }
    co_return child.get();
  }
}

} // namespace concur
