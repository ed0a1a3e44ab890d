#pragma once
// concur::join_handle<T>: what spawning a task on an event loop returns (asyncio's Task): wait
// for the task's result, cancel it, or let it run on alone.

#include <coroutine>
#include <stdexcept>
#include <utility>

#include "concur/task/cancelled.hpp"
#include "concur/task/task.hpp"

namespace concur {

/// Refers to a spawned task. `co_await handle` waits for the task and returns its result (or
/// rethrows its exception); `cancel()` asks it to stop at its next suspension point. Dropping
/// the handle detaches the task: it keeps running, and an exception it ends with is reported
/// by the loop's exception handler instead of being lost.
///
/// Example:
/// ```cpp
/// auto h = concur::spawn(download(url), "download");
/// h.cancel();
/// try { co_await h; } catch (const concur::cancelled &) {}
/// ```
///
/// Cancellation: cancelling the task that awaits the handle ends its wait with
/// concur::cancelled; the joined task runs on (cancel it through the handle if it should
/// stop). An awaiter destroyed while it waits (its loop is torn down) leaves the task alone.
///
/// Thread safety: on the loop's thread only (awaiting elsewhere throws std::logic_error); one
/// awaiter at a time (a second throws std::logic_error).
///
/// Resumes on: the loop thread: the task's completion resumes the awaiter there.
template <class T> class [[nodiscard]] join_handle : private detail::join_handle_link {
public:
  using handle_type = std::coroutine_handle<detail::task_promise<T>>;

  join_handle() noexcept = default;
  explicit join_handle(handle_type h) noexcept { attach(h); }
  join_handle(join_handle &&o) noexcept { attach(o.take()); }
  join_handle &operator=(join_handle &&o) noexcept {
    if (this != &o) {
      reset();
      attach(o.take());
    }
    return *this;
  }
  join_handle(const join_handle &) = delete;
  join_handle &operator=(const join_handle &) = delete;
  /// A handle may outlive its loop: the loop's destructor empties it (and, in debug mode,
  /// reports it), so dropping it afterwards is harmless and awaiting it throws.
  ~join_handle() { reset(); }

  bool valid() const noexcept { return frame != nullptr; }
  /// True once the task has finished (with a value, an exception or cancellation).
  bool done() const noexcept { return frame && h().promise().done_; }
  const char *name() const noexcept { return frame ? h().promise().name() : nullptr; }

  /// Requests cancellation: the task sees concur::cancelled at its next suspension point.
  /// Loop thread only; no effect on a finished task.
  void cancel() noexcept {
    if (frame && !h().promise().done_)
      h().promise().request_cancel();
  }

  /// Lets the task run on without a handle.
  void detach() noexcept { reset(); }

  /// The result of a finished task (rethrows its exception). Throws std::logic_error if the
  /// task has not finished.
  decltype(auto) get() {
    if (!done())
      throw std::logic_error("concur::join_handle::get: the task has not finished");
    h().promise().result_taken_ = true;
    return h().promise().result();
  }

  class awaiter {
  public:
    explicit awaiter(handle_type h) noexcept : h_(h) {}
    awaiter(const awaiter &) = delete;
    awaiter &operator=(const awaiter &) = delete;
    ~awaiter() {
      if (waiting_ && h_.promise().joiner() == waiter_)
        h_.promise().clear_joiner();
    }

    bool await_ready() const noexcept { return h_ && h_.promise().done_; }

    template <class P> bool await_suspend(std::coroutine_handle<P> w) {
      if (!h_)
        throw std::logic_error("concur::join_handle: awaiting an empty handle");
      auto &p = h_.promise();
      if (!p.host_->on_host_thread())
        throw std::logic_error("concur::join_handle: await it on its event loop's thread");
      root_ = detail::root_of(w);
      if (root_ && root_->cancel_requested()) {
        cancelled_ = true;
        return false;
      }
      if (p.on_done_) // a joiner or a callback
        throw std::logic_error("concur::join_handle: the task is already being awaited");
      p.set_joiner(w);
      waiter_ = w;
      waiting_ = true;
      if (root_)
        root_->set_cancel_hook(&on_cancel, this);
      return true;
    }

    decltype(auto) await_resume() {
      waiting_ = false;
      if (root_)
        root_->clear_cancel_hook(this);
      if (cancelled_)
        throw cancelled();
      if (!h_)
        throw std::logic_error("concur::join_handle: awaiting an empty handle");
      h_.promise().result_taken_ = true;
      return h_.promise().result();
    }

  private:
    // The awaiting task was cancelled: stop waiting (the joined task keeps running).
    static void on_cancel(void *a) noexcept {
      auto *self = static_cast<awaiter *>(a);
      auto &p = self->h_.promise();
      p.clear_joiner();
      self->cancelled_ = true;
      p.host_->schedule(self->waiter_, self->root_);
    }

    handle_type h_;
    std::coroutine_handle<> waiter_;
    detail::promise_base *root_ = nullptr;
    bool waiting_ = false;
    bool cancelled_ = false;
  };

  awaiter operator co_await() const noexcept { return awaiter(h()); }

  /// The spawned task's promise (machinery for gather and when_any).
  detail::task_promise<T> &promise() const noexcept { return h().promise(); }

private:
  void reset() noexcept {
    if (auto hh = take()) {
      auto &p = hh.promise();
      p.has_handle_ = false;
      p.host_->release_task(p);
    }
  }

  handle_type h() const noexcept { return handle_type::from_address(frame); }
  void attach(handle_type h) noexcept {
    frame = h.address();
    if (h)
      h.promise().handle_ = this;
  }
  handle_type take() noexcept {
    handle_type h = this->h();
    frame = nullptr;
    if (h)
      h.promise().handle_ = nullptr;
    return h;
  }
};

} // namespace concur
