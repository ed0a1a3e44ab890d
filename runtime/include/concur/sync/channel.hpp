#pragma once
// concur::channel<T>: hand values from producers to consumers, tasks or threads, with
// back-pressure: a bounded multi-producer multi-consumer queue (asyncio.Queue).

#include <coroutine>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <source_location>
#include <stdexcept>
#include <utility>
#include <vector>

#include "concur/detail/waiter_list.hpp"

namespace concur {

/// Thrown by channel::send (and try_send) once the channel is closed.
///
/// Example:
/// ```cpp
/// try { co_await out.send(std::move(row)); }
/// catch (const concur::channel_closed &) { co_return; } // the consumer has gone
/// ```
///
/// Cancellation: not a suspension point.
///
/// Thread safety: an ordinary exception object.
///
/// Resumes on: not an awaitable.
class channel_closed : public std::runtime_error {
public:
  channel_closed() : std::runtime_error("concur::channel_closed: send on a closed channel") {}
};

/// A bounded FIFO between tasks (and threads). `co_await ch.send(v)` suspends while the
/// channel is full; `co_await ch.receive()` suspends while it is empty and yields
/// std::nullopt once the channel is closed and drained. close() wakes everyone: pending
/// senders throw channel_closed, pending receivers get std::nullopt. Capacity 0 throws
/// std::invalid_argument.
///
/// Example:
/// ```cpp
/// concur::channel<job> jobs(64);
/// while (auto j = co_await jobs.receive())
///   co_await handle(*j);
/// ```
///
/// Cancellation: a receiver cancelled while it waits leaves the queue and takes nothing. A
/// receiver cancelled after a sender handed it a value but before it resumed (or freed with
/// its loop) gives the value back, first in line, and throws concur::cancelled: a receive
/// never consumes a value its task then loses. Known limit: send() is not cancel-safe. A
/// cancelled sender (before or while it waits) leaves with concur::cancelled and its value is
/// not sent; the value was moved into the awaitable and is destroyed with it, not returned
/// (the same for a send refused by close(), which throws channel_closed). A sender whose value
/// was taken before the cancellation resumes normally: the value was sent.
///
/// Thread safety: every member from any thread.
///
/// Resumes on: when it need not wait (room, or a value), at once where it is; after a wait, on
/// the waiting task's loop thread, also when it began waiting on a pool thread (a coroutine on
/// no loop resumes on the waking thread).
template <class T> class channel {
public:
  explicit channel(std::size_t capacity) : capacity_(capacity) {
    if (capacity == 0)
      throw std::invalid_argument("concur::channel: capacity must be at least 1");
  }
  channel(const channel &) = delete;
  channel &operator=(const channel &) = delete;

  class send_awaiter : detail::parked_awaiter {
  public:
    send_awaiter(channel &c, T v, std::source_location where)
        : c_(c), value_(std::move(v)), where_(where) {}
    bool await_ready() const noexcept { return false; }
    template <class P> bool await_suspend(std::coroutine_handle<P> h) {
      std::coroutine_handle<> to_wake;
      bool suspend = park(
          h, c_.mx_, c_.senders_,
          [&] {
            if (c_.closed_) {
              closed_ = true;
              return true;
            }
            return c_.try_push_locked(value_, to_wake);
          },
          where_);
      detail::resume_unlocked(to_wake);
      return suspend;
    }
    void await_resume() {
      finish_wait();
      if (closed_)
        throw channel_closed();
    }

  private:
    friend class channel;
    channel &c_;
    T value_;
    std::source_location where_;
    bool closed_ = false;
  };

  class receive_awaiter : detail::parked_awaiter {
  public:
    receive_awaiter(channel &c, std::source_location where) : c_(c), where_(where) {}
    receive_awaiter(const receive_awaiter &) = delete;
    receive_awaiter &operator=(const receive_awaiter &) = delete;
    // A value handed to this receiver that it never resumed to take (its task was freed with
    // its loop) goes back to the channel.
    ~receive_awaiter() {
      unpark(); // no sender may write slot_ after this, and what one wrote is visible
      if (slot_)
        c_.hand_back(std::move(*slot_));
    }
    bool await_ready() const noexcept { return false; }
    template <class P> bool await_suspend(std::coroutine_handle<P> h) {
      std::coroutine_handle<> to_wake;
      bool suspend = park(
          h, c_.mx_, c_.receivers_,
          [&] {
            if (c_.try_pop_locked(slot_, to_wake))
              return true;
            return c_.closed_; // closed and drained: nullopt
          },
          where_);
      detail::resume_unlocked(to_wake);
      return suspend;
    }
    std::optional<T> await_resume() {
      finish_wait();
      std::optional<T> out = std::move(slot_);
      slot_.reset();
      // Cancel safety: a task cancelled after a sender handed it a value but before it
      // resumed gives the value back (first in line) and sees the cancellation, so a receive
      // that loses a race to a timeout or in when_any never consumes a value.
      if (out && root && root->cancel_requested() && h) {
        c_.hand_back(std::move(*out));
        throw concur::cancelled();
      }
      return out;
    }

  private:
    friend class channel;
    channel &c_;
    std::source_location where_;
    std::optional<T> slot_;
  };

  /// Awaitable; v is moved into it at once, and it completes when v is in the channel or in a
  /// receiver's hands (throws channel_closed once the channel is closed).
  [[nodiscard]] send_awaiter send(T v,
                                  std::source_location where = std::source_location::current()) {
    return send_awaiter(*this, std::move(v), where);
  }
  /// Awaitable; yields the oldest value, or std::nullopt once the channel is closed and drained.
  [[nodiscard]] receive_awaiter
  receive(std::source_location where = std::source_location::current()) {
    return receive_awaiter(*this, where);
  }

  /// Sends without waiting: false when full; throws channel_closed when closed.
  bool try_send(T v) {
    std::coroutine_handle<> to_wake;
    bool ok;
    {
      std::lock_guard lk(mx_);
      if (closed_)
        throw channel_closed();
      ok = try_push_locked(v, to_wake);
    }
    detail::resume_unlocked(to_wake);
    return ok;
  }

  /// Receives without waiting: nullopt when empty.
  std::optional<T> try_receive() {
    std::coroutine_handle<> to_wake;
    std::optional<T> out;
    {
      std::lock_guard lk(mx_);
      try_pop_locked(out, to_wake);
    }
    detail::resume_unlocked(to_wake);
    return out;
  }

  /// Closes the channel. Values already buffered can still be received.
  void close() {
    std::vector<std::coroutine_handle<>> inline_wake; // waiters on no loop (rare)
    {
      std::lock_guard lk(mx_);
      if (closed_)
        return;
      closed_ = true;
      while (!senders_.empty()) {
        auto &w = senders_.pop_front();
        static_cast<send_awaiter &>(w).closed_ = true;
        if (auto h = detail::wake_locked(w))
          inline_wake.push_back(h);
      }
      while (!receivers_.empty()) // they wait only when the buffer is empty: they get nullopt
        if (auto h = detail::wake_locked(receivers_.pop_front()))
          inline_wake.push_back(h);
    }
    for (auto h : inline_wake)
      h.resume();
  }

  bool is_closed() const {
    std::lock_guard lk(mx_);
    return closed_;
  }
  /// Values buffered now (a snapshot; one more than capacity() after a hand-back).
  std::size_t size() const {
    std::lock_guard lk(mx_);
    return buffer_.size();
  }
  std::size_t capacity() const noexcept { return capacity_; }

private:
  // Under mx_: hand v to a waiting receiver, or buffer it if there is room.
  bool try_push_locked(T &v, std::coroutine_handle<> &to_wake) {
    if (!receivers_.empty()) {
      auto &r = static_cast<receive_awaiter &>(receivers_.pop_front());
      r.slot_.emplace(std::move(v));
      to_wake = detail::wake_locked(r);
      return true;
    }
    if (buffer_.size() < capacity_) {
      buffer_.push_back(std::move(v));
      return true;
    }
    return false;
  }

  // Under mx_: take the oldest value; a waiting sender refills the freed slot.
  bool try_pop_locked(std::optional<T> &out, std::coroutine_handle<> &to_wake) {
    if (buffer_.empty())
      return false;
    out.emplace(std::move(buffer_.front()));
    buffer_.pop_front();
    if (!senders_.empty() && buffer_.size() < capacity_) {
      auto &s = static_cast<send_awaiter &>(senders_.pop_front());
      buffer_.push_back(std::move(s.value_));
      to_wake = detail::wake_locked(s);
    }
    return true;
  }

  // A value a cancelled receiver gives back: to the next waiting receiver, else to the front
  // of the buffer (which may then hold one more than its capacity until it is received).
  void hand_back(T v) {
    std::coroutine_handle<> to_wake;
    {
      std::lock_guard lk(mx_);
      if (!receivers_.empty()) {
        auto &r = static_cast<receive_awaiter &>(receivers_.pop_front());
        r.slot_.emplace(std::move(v));
        to_wake = detail::wake_locked(r);
      } else {
        buffer_.push_front(std::move(v));
      }
    }
    detail::resume_unlocked(to_wake);
  }

  mutable std::mutex mx_;
  std::size_t capacity_;
  std::deque<T> buffer_;
  bool closed_ = false;
  detail::waiter_list senders_;
  detail::waiter_list receivers_;
};

} // namespace concur
