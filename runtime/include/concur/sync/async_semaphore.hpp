#pragma once
// concur::async_semaphore: bounded concurrency for tasks (asyncio.Semaphore).

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
/// permit that is released on destruction. Waiters are served in FIFO order.
///
/// *Cancellation*: a cancelled waiter leaves the queue without a permit; a permit already
/// handed over is kept. *Thread safety*: every member from any thread.
/// *Resumes on*: the waiter's loop thread (a waiter on no loop: the releasing thread).
class async_semaphore {
public:
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

  [[nodiscard]] acquire_awaiter<false>
  acquire(std::source_location where = std::source_location::current()) noexcept {
    return {*this, where};
  }
  [[nodiscard]] acquire_awaiter<true>
  scoped_acquire(std::source_location where = std::source_location::current()) noexcept {
    return {*this, where};
  }

  bool try_acquire() noexcept {
    std::lock_guard lk(mx_);
    if (count_ <= 0)
      return false;
    --count_;
    return true;
  }

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
