#pragma once
// concur::async_event: a flag that tasks wait for until some task or thread sets it
// (asyncio.Event): "the configuration is loaded", "shut down now".

#include <coroutine>
#include <mutex>
#include <source_location>
#include <vector>

#include "concur/detail/waiter_list.hpp"

namespace concur {

/// A manual-reset event: `co_await ev.wait()` suspends until `ev.set()`; set() wakes every
/// waiter and later waits complete at once until `clear()`.
///
/// Example:
/// ```cpp
/// concur::async_event ready;
/// concur::spawn(load_config(ready)).detach(); // calls ready.set() when done
/// co_await ready.wait();
/// ```
///
/// Cancellation: a cancelled waiter leaves the queue with concur::cancelled, also when it
/// began waiting on a pool thread. One woken by set() before the cancellation resumes normally
/// and sees it at its next suspension point.
///
/// Thread safety: every member from any thread.
///
/// Resumes on: without waiting (the event was set), it continues at once where it is; after a wait,
/// on the waiting task's loop thread, also when it began waiting on a pool thread (a coroutine on
/// no loop resumes on the setting thread).
class async_event {
public:
  class wait_awaiter : detail::parked_awaiter {
  public:
    wait_awaiter(async_event &e, std::source_location where) noexcept : e_(e), where_(where) {}
    bool await_ready() const noexcept { return false; }
    template <class P> bool await_suspend(std::coroutine_handle<P> h) {
      return park(h, e_.mx_, e_.waiters_, [&] { return e_.set_; }, where_);
    }
    void await_resume() { finish_wait(); }

  private:
    async_event &e_;
    std::source_location where_;
  };

  explicit async_event(bool initially_set = false) noexcept : set_(initially_set) {}
  async_event(const async_event &) = delete;
  async_event &operator=(const async_event &) = delete;

  /// Awaitable; completes once the event is set (at once if it is set now).
  [[nodiscard]] wait_awaiter
  wait(std::source_location where = std::source_location::current()) noexcept {
    return {*this, where};
  }

  /// Sets the event and wakes every waiter.
  void set() {
    std::vector<std::coroutine_handle<>> inline_wake; // waiters on no loop (rare)
    {
      std::lock_guard lk(mx_);
      set_ = true;
      while (!waiters_.empty())
        if (auto h = detail::wake_locked(waiters_.pop_front()))
          inline_wake.push_back(h);
    }
    for (auto h : inline_wake)
      h.resume();
  }

  /// Resets the event: later waits suspend again.
  void clear() noexcept {
    std::lock_guard lk(mx_);
    set_ = false;
  }

  bool is_set() const noexcept {
    std::lock_guard lk(mx_);
    return set_;
  }

private:
  mutable std::mutex mx_;
  bool set_;
  detail::waiter_list waiters_;
};

} // namespace concur
