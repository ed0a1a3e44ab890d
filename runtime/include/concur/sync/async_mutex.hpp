#pragma once
// concur::async_mutex: mutual exclusion for state that a task holds across suspension points
// (the fix for a std::mutex held across co_await); waiting suspends the task, not the thread.

#include <coroutine>
#include <mutex>
#include <source_location>
#include <utility>

#include "concur/detail/waiter_list.hpp"

namespace concur {

/// Mutual exclusion between tasks (and threads). `auto guard = co_await m.lock();` suspends
/// until the mutex is free; the guard unlocks on destruction and may be held across
/// suspension points (unlike std::lock_guard on a std::mutex). Waiters are served in FIFO
/// order, and unlock() hands the lock straight to the first of them (no barging).
///
/// Example:
/// ```cpp
/// auto guard = co_await m.lock();
/// co_await conn.write_all(frame); // still holding the lock: fine
/// ```
///
/// Cancellation: a cancelled waiter leaves the queue with concur::cancelled (also one that
/// began waiting on a pool thread); a lock already handed over is kept (the guard is returned,
/// and the cancellation shows at the next suspension point). Known limit: a waiter destroyed
/// after the lock was handed to it but before it resumed (its loop torn down meanwhile) never
/// releases it, and the mutex stays locked.
///
/// Thread safety: every member from any thread.
///
/// Resumes on: without waiting (the mutex was free), it continues at once where it is; after a
/// wait, on the waiting task's loop thread, also when it began waiting on a pool thread (a
/// coroutine on no loop resumes on the unlocking thread).
class async_mutex {
public:
  /// Owns the lock until it is destroyed, moved from or unlock()ed.
  class [[nodiscard]] guard {
  public:
    guard() noexcept = default;
    explicit guard(async_mutex *m) noexcept : m_(m) {}
    guard(guard &&o) noexcept : m_(std::exchange(o.m_, nullptr)) {}
    guard &operator=(guard &&o) noexcept {
      if (this != &o) {
        unlock();
        m_ = std::exchange(o.m_, nullptr);
      }
      return *this;
    }
    ~guard() { unlock(); }
    bool owns_lock() const noexcept { return m_ != nullptr; }
    void unlock() noexcept {
      if (auto *m = std::exchange(m_, nullptr))
        m->unlock();
    }

  private:
    async_mutex *m_ = nullptr;
  };

  class lock_awaiter : detail::parked_awaiter {
  public:
    lock_awaiter(async_mutex &m, std::source_location where) noexcept : m_(m), where_(where) {}
    bool await_ready() const noexcept { return false; }
    template <class P> bool await_suspend(std::coroutine_handle<P> h) {
      return park(
          h, m_.mx_, m_.waiters_,
          [&] {
            if (m_.locked_)
              return false;
            m_.locked_ = true;
            return true;
          },
          where_);
    }
    guard await_resume() {
      finish_wait();
      return guard(&m_);
    }

  private:
    async_mutex &m_;
    std::source_location where_;
  };

  async_mutex() = default;
  async_mutex(const async_mutex &) = delete;
  async_mutex &operator=(const async_mutex &) = delete;

  /// Awaitable; yields a guard that owns the lock.
  [[nodiscard]] lock_awaiter
  lock(std::source_location where = std::source_location::current()) noexcept {
    return lock_awaiter(*this, where);
  }

  /// Takes the lock if it is free.
  bool try_lock() noexcept {
    std::lock_guard lk(mx_);
    if (locked_)
      return false;
    locked_ = true;
    return true;
  }

  /// Releases the lock; the longest waiter (if any) owns it next.
  void unlock() {
    std::coroutine_handle<> next;
    {
      std::lock_guard lk(mx_);
      if (waiters_.empty())
        locked_ = false;
      else // ownership passes directly: no barging
        next = detail::wake_locked(waiters_.pop_front());
    }
    detail::resume_unlocked(next);
  }

  bool is_locked() const noexcept {
    std::lock_guard lk(mx_);
    return locked_;
  }

private:
  mutable std::mutex mx_;
  bool locked_ = false;
  detail::waiter_list waiters_;
};

} // namespace concur
