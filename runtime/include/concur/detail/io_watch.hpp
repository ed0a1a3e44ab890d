#pragma once
// One file descriptor registered with the loop's epoll (edge-triggered, both directions, once),
// and the coroutines waiting to read or write on it.

#include <coroutine>

namespace concur::detail {

class promise_base;
struct io_watch;

// A coroutine parked until its fd is readable or writable; lives in the coroutine's frame.
struct io_waiter {
  std::coroutine_handle<> h;
  promise_base *root = nullptr;
  io_watch *watch = nullptr;
  bool cancelled = false;
};

struct io_watch {
  int fd = -1;
  io_waiter *reader = nullptr;
  io_waiter *writer = nullptr;
};

} // namespace concur::detail
