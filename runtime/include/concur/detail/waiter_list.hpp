#pragma once
// Parking coroutines on the sync primitives (async_mutex, async_semaphore, async_event,
// channel). The primitives are thread-safe: each has a std::mutex, and a parked coroutine is
// resumed on its loop's thread whichever thread wakes it.

#include <coroutine>
#include <mutex>
#include <source_location>
#include <utility>

#include "concur/cancelled.hpp"
#include "concur/detail/promise_base.hpp"
#include "concur/event_loop.hpp"

namespace concur::detail {

struct waiter {
  waiter *prev = nullptr;
  waiter *next = nullptr;
  std::coroutine_handle<> h;
  promise_base *root = nullptr;
  event_loop *loop = nullptr; // null: not on a loop; resumed inline by the waking thread
  std::mutex *mx = nullptr;   // the primitive's lock, guarding `linked`
  struct waiter_list *list = nullptr;
  bool linked = false;
  bool cancelled = false;
};

struct waiter_list {
  waiter *head = nullptr;
  waiter *tail = nullptr;

  bool empty() const noexcept { return head == nullptr; }
  void push_back(waiter &w) noexcept {
    w.prev = tail;
    w.next = nullptr;
    (tail ? tail->next : head) = &w;
    tail = &w;
    w.linked = true;
  }
  waiter &pop_front() noexcept {
    waiter &w = *head;
    erase(w);
    return w;
  }
  void erase(waiter &w) noexcept {
    (w.prev ? w.prev->next : head) = w.next;
    (w.next ? w.next->prev : tail) = w.prev;
    w.prev = w.next = nullptr;
    w.linked = false;
  }
};

// Resumes a waiter that was unlinked under the primitive's lock. Call without that lock held.
inline void resume_waiter(waiter &w) {
  auto h = w.h;
  auto *root = w.root;
  if (auto *loop = w.loop)
    loop->resume_soon(h, root);
  else
    h.resume();
}

// The parking protocol shared by the primitives' awaiters: check cancellation, try the fast
// path under the lock, else link into the list and install a cancellation hook.
class parked_awaiter : protected waiter {
public:
  parked_awaiter() = default;
  parked_awaiter(const parked_awaiter &) = delete;
  parked_awaiter &operator=(const parked_awaiter &) = delete;
  ~parked_awaiter() {
    if (mx) {
      std::lock_guard lk(*mx);
      if (linked)
        list->erase(*this);
    }
    if (hooked_)
      root->clear_cancel_hook(static_cast<waiter *>(this));
  }

protected:
  // try_now() runs under the lock and returns true when the operation completed at once.
  template <class P, class TryNow>
  bool park(std::coroutine_handle<P> handle, std::mutex &m, waiter_list &l, TryNow &&try_now,
            std::source_location where) {
    root = root_of(handle);
    if (root && root->cancel_requested()) {
      cancelled = true;
      return false;
    }
    std::unique_lock lk(m);
    if (try_now())
      return false;
    h = handle;
    loop = event_loop::for_task(root);
    mx = &m;
    list = &l;
    // Off the loop thread another thread may resume (and free) us as soon as the lock is
    // released, so decide everything now and touch no member afterwards unless on the loop.
    const bool hook = root && loop && loop->on_loop_thread();
    if (hook)
      root->set_where(where);
    l.push_back(*this);
    lk.unlock();
    // Only on the loop thread: there nobody can resume us before we return.
    if (hook) {
      root->set_cancel_hook(&on_cancel, static_cast<waiter *>(this));
      hooked_ = true;
    }
    return true;
  }

  // In await_resume: throws concur::cancelled if the wait was cancelled.
  void finish_wait() {
    if (hooked_) {
      root->clear_cancel_hook(static_cast<waiter *>(this));
      hooked_ = false;
    }
    if (cancelled)
      throw concur::cancelled();
  }

private:
  static void on_cancel(void *arg) noexcept {
    auto *w = static_cast<waiter *>(arg);
    {
      std::lock_guard lk(*w->mx);
      if (!w->linked)
        return; // already woken normally: cancellation shows at the next suspension point
      w->list->erase(*w);
      w->cancelled = true;
    }
    w->loop->schedule(w->h, w->root);
  }

  bool hooked_ = false;
};

} // namespace concur::detail
