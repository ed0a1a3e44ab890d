#pragma once
// concur::async_event: a flag tasks can wait for (asyncio.Event).

#include <coroutine>
#include <mutex>
#include <source_location>
#include <vector>

#include "concur/detail/waiter_list.hpp"

namespace concur {

/// A manual-reset event: `co_await ev.wait()` suspends until `ev.set()`; set() wakes every
/// waiter and later waits complete at once until `clear()`.
///
/// *Cancellation*: a cancelled waiter leaves the queue with concur::cancelled, also when it
/// began waiting on a pool thread. *Thread safety*: every member from any thread.
/// *Resumes on*: the waiter's loop thread (a waiter on no loop: the setting thread).
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

  [[nodiscard]] wait_awaiter
  wait(std::source_location where = std::source_location::current()) noexcept {
    return {*this, where};
  }

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
