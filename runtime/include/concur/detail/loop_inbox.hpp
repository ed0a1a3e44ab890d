#pragma once
// The event loop's inbox: what other threads hand to the loop (call_soon_threadsafe, a waiter
// woken on another thread, the continuation of an offloaded call), and the count of offloaded
// calls still away (to_thread, run_in, process_pool::run), whose continuations live in task
// frames: the loop's destructor waits for them.
//
// Posting wakes the loop through the eventfd only while the loop sleeps in epoll (it
// announces that first), so a busy loop takes posts without a system call.

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <mutex>
#include <utility>
#include <vector>

#include "concur/detail/callback.hpp"
#include "concur/detail/loop_readiness.hpp"
#include "concur/detail/perturb.hpp"

namespace concur::detail {

class loop_inbox {
public:
  explicit loop_inbox(loop_readiness &readiness) noexcept : readiness_(readiness) {}
  loop_inbox(const loop_inbox &) = delete;
  loop_inbox &operator=(const loop_inbox &) = delete;

  /// Queues cb from any thread; false once the inbox is closed (cb is dropped).
  bool post(callback cb) {
    perturb_point();
    std::lock_guard lk(mx_);
    if (closed_)
      return false;
    push_locked(std::move(cb));
    return true;
  }

  /// Wakes the loop from epoll even with nothing posted (stop() from another thread).
  void wake() noexcept {
    std::lock_guard lk(mx_);
    if (!closed_ && !wake_pending_) {
      wake_pending_ = true;
      readiness_.wake();
    }
  }

  void begin_offload() {
    std::lock_guard lk(mx_);
    ++offloads_;
    offloads_in_flight_.fetch_add(1, std::memory_order_relaxed);
  }
  /// Ends an offload and posts its continuation (unless it is empty or the inbox is closed)
  /// in one step under the lock, so that close() never sees the count at zero while a
  /// continuation is still on its way.
  void finish_offload(callback resume) {
    perturb_point();
    std::lock_guard lk(mx_);
    --offloads_;
    offloads_in_flight_.fetch_sub(1, std::memory_order_relaxed);
    if (resume && !closed_)
      push_locked(std::move(resume));
    offload_cv_.notify_all();
  }
  int offloads_in_flight() const noexcept {
    return offloads_in_flight_.load(std::memory_order_relaxed);
  }

  /// Loop thread, before it blocks in epoll: from now on posters write the eventfd. False
  /// when something was posted in the meantime (then the loop must not block).
  bool announce_sleep() noexcept {
    sleeping_.store(true, std::memory_order_seq_cst);
    if (nonempty_.load(std::memory_order_seq_cst)) {
      sleeping_.store(false, std::memory_order_relaxed);
      return false;
    }
    return true;
  }
  /// Loop thread, once out of epoll.
  void end_sleep() noexcept { sleeping_.store(false, std::memory_order_relaxed); }

  /// Any thread: has something been posted and not drained yet?
  bool posted() const noexcept { return nonempty_.load(std::memory_order_acquire); }

  /// Loop thread: moves what was posted to sink(callback&&), oldest first.
  template <class Sink> void drain(Sink &&sink) {
    if (!nonempty_.load(std::memory_order_acquire))
      return;
    {
      std::lock_guard lk(mx_);
      draining_.swap(items_); // the two vectors trade buffers: posting does not allocate
      nonempty_.store(false, std::memory_order_relaxed);
      wake_pending_ = false;
    }
    for (auto &cb : draining_)
      sink(std::move(cb));
    draining_.clear();
  }

  /// The loop's teardown: waits until no offloaded call is away, refuses further posts and
  /// returns what was posted but not drained (the caller destroys it outside the lock: a
  /// callback's destructor may take a primitive's lock).
  std::vector<callback> close() {
    std::vector<callback> left;
    std::unique_lock lk(mx_);
    offload_cv_.wait(lk, [&] { return offloads_ == 0; });
    closed_ = true;
    left.swap(items_);
    return left;
  }

private:
  void push_locked(callback cb) {
    items_.push_back(std::move(cb));
    nonempty_.store(true, std::memory_order_seq_cst);
    if (!wake_pending_ && sleeping_.load(std::memory_order_seq_cst)) {
      wake_pending_ = true;
      readiness_.wake();
    }
  }

  loop_readiness &readiness_;
  std::mutex mx_;
  std::vector<callback> items_;
  std::vector<callback> draining_; // loop thread only, empty between drains
  std::atomic<bool> nonempty_{false};
  std::atomic<bool> sleeping_{false};
  bool wake_pending_ = false; // the eventfd was written and the loop has not drained since
  bool closed_ = false;
  std::size_t offloads_ = 0;
  std::atomic<int> offloads_in_flight_{0}; // offloads_, readable without the lock
  std::condition_variable offload_cv_;
};

} // namespace concur::detail
