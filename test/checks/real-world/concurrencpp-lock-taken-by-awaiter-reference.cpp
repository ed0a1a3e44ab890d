// RUN: %check_concur %s concur-lock-across-suspension %t -- -std=c++20 -I%runtime_include -pthread
// Regression test from docs/real-world.md, class L1 (survey 9: concurrencpp
// source/threads/async_lock.cpp:48). The guard is handed to the awaiter's
// constructor by reference, and the constructor moves it into a member;
// await_suspend releases it, so nothing is held when the coroutine
// suspends. A callee that only looks at the guard through the reference
// does not take it, and one whose definition is not visible is assumed not
// to. A small stand-in, in concurrencpp's style.

#include <coroutine>
#include <mutex>
#include <utility>

struct task {
  struct promise_type {
    task get_return_object() { return {}; }
    std::suspend_never initial_suspend() { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};

class async_lock {
public:
  task lock_impl();
  task peek_impl();
  task opaque_impl();

private:
  std::mutex m_awaiter_lock;
  bool m_locked = false;
};

class async_lock_awaiter {
public:
  async_lock_awaiter(async_lock &parent, std::unique_lock<std::mutex> &lock)
      : m_parent(parent), m_lock(std::move(lock)) {}
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) { auto released = std::move(m_lock); }
  void await_resume() const noexcept {}

private:
  async_lock &m_parent;
  std::unique_lock<std::mutex> m_lock;
};

task async_lock::lock_impl() {
  while (true) {
    std::unique_lock<std::mutex> lock(m_awaiter_lock);
    if (!m_locked) {
      m_locked = true;
      lock.unlock();
      break;
    }
    co_await async_lock_awaiter(*this, lock);
  }
}

struct peeking_awaiter {
  explicit peeking_awaiter(std::unique_lock<std::mutex> &lock) : owned(lock.owns_lock()) {}
  bool owned;
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) {}
  void await_resume() const noexcept {}
};

task async_lock::peek_impl() {
  std::unique_lock<std::mutex> lock(m_awaiter_lock);
  co_await peeking_awaiter(lock);
  // CHECK-MESSAGES: :[[@LINE-2]]:32: warning: 'lock' holds mutex 'm_awaiter_lock' across a suspension point in coroutine 'async_lock::peek_impl'
}

struct opaque_awaiter {
  explicit opaque_awaiter(std::unique_lock<std::mutex> &lock); // defined elsewhere
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) {}
  void await_resume() const noexcept {}
};

task async_lock::opaque_impl() {
  std::unique_lock<std::mutex> lock(m_awaiter_lock);
  co_await opaque_awaiter(lock);
  // CHECK-MESSAGES: :[[@LINE-2]]:32: warning: 'lock' holds mutex 'm_awaiter_lock' across a suspension point in coroutine 'async_lock::opaque_impl'
}
