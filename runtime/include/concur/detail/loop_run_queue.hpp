#pragma once
// The event loop's ready queue: what runs on the next iteration, in order. An entry holds 16
// bytes, so that a burst of spawns stays small: it resumes a coroutine (with its root, or
// null), starts a spawned task, or runs the next of the queued callbacks, which keeps
// callbacks and coroutines in one order.

#include <coroutine>
#include <cstddef>
#include <cstdint>
#include <utility>

#include "concur/detail/callback.hpp"
#include "concur/detail/promise_base.hpp"
#include "concur/detail/ring_queue.hpp"

namespace concur::detail {

class loop_run_queue {
public:
  struct entry {
    void *a; // the coroutine's address, or the promise of the task to start
    promise_base *root;

    bool is_callback() const noexcept { return root == callback_tag(); }
    bool is_start() const noexcept { return root == start_tag(); }
    promise_base *task_to_start() const noexcept { return static_cast<promise_base *>(a); }
    std::coroutine_handle<> coroutine() const noexcept {
      return std::coroutine_handle<>::from_address(a);
    }
  };

  bool empty() const noexcept { return ready_.empty(); }
  std::size_t size() const noexcept { return ready_.size(); }

  void push_resume(std::coroutine_handle<> h, promise_base *root) {
    ready_.push_back(entry{h.address(), root});
  }
  void push_start(promise_base &p) { ready_.push_back(entry{&p, start_tag()}); }
  void push_callback(callback cb) {
    callbacks_.push_back(std::move(cb));
    try {
      ready_.push_back(entry{nullptr, callback_tag()});
    } catch (...) {
      callbacks_.pop_back();
      throw;
    }
  }

  entry pop() { return ready_.pop_front(); }
  /// The callback an is_callback() entry stands for.
  callback pop_callback() { return callbacks_.pop_front(); }

  void clear() noexcept {
    ready_.clear();
    callbacks_.clear();
  }

private:
  static promise_base *start_tag() noexcept {
    return reinterpret_cast<promise_base *>(std::uintptr_t{1});
  }
  static promise_base *callback_tag() noexcept {
    return reinterpret_cast<promise_base *>(std::uintptr_t{2});
  }

  ring_queue<entry> ready_;
  ring_queue<callback> callbacks_;
};

} // namespace concur::detail
