#pragma once
// concur::async_semaphore: bound how many tasks do something at once (asyncio.Semaphore), e.g.
// requests in flight to one server.

#include <coroutine>
#include <cstddef>
#include <mutex>
#include <source_location>
#include <stdexcept>
#include <utility>
#include <vector>

#include "concur/detail/waiter_list.hpp"

namespace concur {

/// A counting semaphore for tasks: `co_await sem.acquire()` takes a permit (suspending while
/// none is free), `sem.release()` returns it. `auto p = co_await sem.scoped_acquire();` gives a
/// permit that is released on destruction. Waiters are served in FIFO order. A negative
/// initial count throws std::invalid_argument; release() may raise the count above it.
///
/// Example:
/// ```cpp
/// concur::async_semaphore limit(8);
/// auto permit = co_await limit.scoped_acquire();
/// co_await fetch(url);
/// ```
///
/// Cancellation: a cancelled waiter leaves the queue with concur::cancelled and without a
/// permit. A permit already handed over is kept: the acquire returns normally and the
/// cancellation shows at the next suspension point. With plain acquire() that permit is the
/// caller's to release, so a `cancelled` thrown before its release() leaks it: prefer
/// scoped_acquire(). Known limit: a waiter destroyed after a permit was handed to it but before
/// it resumed (its loop torn down meanwhile) loses that permit.
///
/// Thread safety: every member from any thread.
///
/// Resumes on: without waiting (the permit was free), it continues at once where it is; after a
/// wait, on the waiting task's loop thread, also when it began waiting on a pool thread (a
/// coroutine on no loop resumes on the releasing thread).
class async_semaphore {
public:
  /// Owns one permit until it is destroyed, moved from or release()d.
  class [[nodiscard]] permit {
  public:
    permit() noexcept = default;
    explicit permit(async_semaphore *s) noexcept : s_(s) {}
    permit(permit &&o) noexcept : s_(std::exchange(o.s_, nullptr)) {}
    permit &operator=(permit &&o) noexcept {
      if (this != &o) {
        release();
        s_ = std::exchange(o.s_, nullptr);
      }
      return *this;
    }
    ~permit() { release(); }
    void release() noexcept {
      if (auto *s = std::exchange(s_, nullptr))
        s->release();
    }

  private:
    async_semaphore *s_ = nullptr;
  };

  template <bool Scoped> class acquire_awaiter : detail::parked_awaiter {
  public:
    acquire_awaiter(async_semaphore &s, std::source_location where) noexcept
        : s_(s), where_(where) {}
    bool await_ready() const noexcept { return false; }
    template <class P> bool await_suspend(std::coroutine_handle<P> h) {
      return park(
          h, s_.mx_, s_.waiters_,
          [&] {
            if (s_.count_ <= 0)
              return false;
            --s_.count_;
            return true;
          },
          where_);
    }
    auto await_resume() {
      finish_wait();
      if constexpr (Scoped)
        return permit(&s_);
    }

  private:
    async_semaphore &s_;
    std::source_location where_;
  };

  explicit async_semaphore(std::ptrdiff_t permits) : count_(permits) {
    if (permits < 0)
      throw std::invalid_argument("concur::async_semaphore: negative permit count");
  }
  async_semaphore(const async_semaphore &) = delete;
  async_semaphore &operator=(const async_semaphore &) = delete;

  /// Awaitable; takes a permit that the caller must release() (see Cancellation above).
  [[nodiscard]] acquire_awaiter<false>
  acquire(std::source_location where = std::source_location::current()) noexcept {
    return {*this, where};
  }
  /// Awaitable; yields a permit object that releases on destruction.
  [[nodiscard]] acquire_awaiter<true>
  scoped_acquire(std::source_location where = std::source_location::current()) noexcept {
    return {*this, where};
  }

  /// Takes a permit if one is free.
  bool try_acquire() noexcept {
    std::lock_guard lk(mx_);
    if (count_ <= 0)
      return false;
    --count_;
    return true;
  }

  /// Returns n permits; the longest waiters take them first.
  void release(std::ptrdiff_t n = 1) {
    std::vector<std::coroutine_handle<>> inline_wake; // waiters on no loop (rare)
    {
      std::lock_guard lk(mx_);
      count_ += n;
      while (count_ > 0 && !waiters_.empty()) {
        --count_;
        if (auto h = detail::wake_locked(waiters_.pop_front()))
          inline_wake.push_back(h);
      }
    }
    for (auto h : inline_wake)
      h.resume();
  }

  /// Permits free now (a snapshot).
  std::ptrdiff_t available() const noexcept {
    std::lock_guard lk(mx_);
    return count_;
  }

private:
  mutable std::mutex mx_;
  std::ptrdiff_t count_;
  detail::waiter_list waiters_;
};

} // namespace concur
