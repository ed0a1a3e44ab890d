#pragma once
// What every awaiter that runs work off the loop shares (to_thread, run_in, process_pool::run):
// refuse a task that is already cancelled, find the task's loop, keep the loop counting the
// offload while the work is away, and resume the task on the loop thread when it is done.

#include <coroutine>

#include "concur/detail/promise_base.hpp"
#include "concur/event_loop.hpp"

namespace concur::detail {

class offload {
public:
  /// Call from await_suspend. False when the task is already cancelled: do not suspend, and
  /// throw `cancelled` from await_resume (cancelled() says so).
  template <class P> bool begin(std::coroutine_handle<P> h) {
    root_ = root_of(h);
    if (root_ && root_->cancel_requested()) {
      cancelled_ = true;
      return false;
    }
    h_ = h;
    loop_ = event_loop::for_task(root_);
    return true;
  }

  /// The task's loop, or null when it was awaited outside any loop.
  event_loop *loop() const noexcept { return loop_; }
  promise_base *root() const noexcept { return root_; }
  bool cancelled() const noexcept { return cancelled_; }

  /// Calls hand(), which gives the work to another thread, with the loop counting the offload
  /// (so that it waits for it instead of sleeping or stopping). If hand() throws, the work
  /// never left and the count is undone.
  template <class Hand> void hand_over(Hand &&hand) {
    if (loop_)
      loop_->begin_offload();
    try {
      hand();
    } catch (...) {
      if (loop_)
        loop_->finish_offload({}, nullptr);
      throw;
    }
  }

  /// On the thread that did the work: resumes the task on its loop thread, or right here when
  /// it was awaited outside any loop. The awaiter may be gone when this returns: touch nothing
  /// after it.
  void finish() noexcept {
    if (event_loop *loop = loop_)
      loop->finish_offload(h_, root_);
    else
      h_.resume();
  }

private:
  std::coroutine_handle<> h_;
  promise_base *root_ = nullptr;
  event_loop *loop_ = nullptr;
  bool cancelled_ = false;
};

} // namespace concur::detail
