#pragma once
// Suspends a task until its socket is readable or writable (edge-triggered epoll).

#include <coroutine>
#include <stdexcept>

#include "concur/detail/io_watch.hpp"
#include "concur/detail/promise_base.hpp"
#include "concur/event_loop.hpp"
#include "concur/task/cancelled.hpp"

namespace concur::detail {

class io_wait_awaiter : io_waiter {
public:
  io_wait_awaiter(io_watch &w, bool for_write, event_loop &loop) noexcept
      : slot_(for_write ? w.writer : w.reader), loop_(loop) {
    watch = &w;
  }
  io_wait_awaiter(const io_wait_awaiter &) = delete;
  io_wait_awaiter &operator=(const io_wait_awaiter &) = delete;
  ~io_wait_awaiter() {
    if (slot_ == this)
      slot_ = nullptr; // destroyed while parked (loop shutdown)
    if (root)
      root->clear_cancel_hook(static_cast<io_waiter *>(this));
  }

  bool await_ready() const noexcept { return false; }

  template <class P> bool await_suspend(std::coroutine_handle<P> handle) {
    root = root_of(handle);
    if (root && root->cancel_requested()) {
      cancelled = true;
      return false;
    }
    if (!loop_.on_loop_thread())
      throw std::logic_error(
          "concur: sockets must be used on the thread of the loop that made them");
    if (slot_)
      throw std::logic_error("concur: another task is already waiting on this socket");
    h = handle;
    slot_ = this;
    if (root)
      root->set_cancel_hook(&on_cancel, static_cast<io_waiter *>(this));
    return true;
  }

  void await_resume() {
    if (root)
      root->clear_cancel_hook(static_cast<io_waiter *>(this));
    if (cancelled)
      throw concur::cancelled();
  }

private:
  static void on_cancel(void *arg) noexcept {
    auto *self = static_cast<io_wait_awaiter *>(static_cast<io_waiter *>(arg));
    if (self->slot_ == self)
      self->slot_ = nullptr;
    self->cancelled = true;
    self->loop_.schedule(self->h, self->root);
  }

  io_waiter *&slot_;
  event_loop &loop_;
};

} // namespace concur::detail
