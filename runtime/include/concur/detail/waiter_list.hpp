#pragma once
// Parking coroutines on the sync primitives (async_mutex, async_semaphore, async_event,
// channel). The primitives are thread-safe: each has a std::mutex, and a parked coroutine is
// resumed on its loop's thread whichever thread wakes it.

#include <coroutine>
#include <mutex>
#include <source_location>
#include <utility>

#include "concur/detail/promise_base.hpp"
#include "concur/event_loop.hpp"
#include "concur/task/cancelled.hpp"

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

// Wakes a waiter just unlinked from its list. Call with the primitive's lock held: as soon as
// the lock is released the waiter's frame may be freed (its loop is being destroyed, and the
// frame's destructor takes the lock to leave the list), and the loop with it. So the resumption
// is queued on the waiter's loop right here, and only a waiter on no loop is returned, to be
// resumed inline once the lock is released.
[[nodiscard]] inline std::coroutine_handle<> wake_locked(waiter &w) {
  perturb_point();
  if (event_loop *loop = w.loop) {
    loop->resume_soon(w.h, w.root);
    return {};
  }
  return w.h;
}

// Resumes what wake_locked returned, after the lock is released.
inline void resume_unlocked(std::coroutine_handle<> h) {
  if (h)
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
    unpark();
    if (hooked_)
      root->clear_cancel_hook(static_cast<waiter *>(this));
  }

protected:
  // Leaves the primitive's list under its lock (again is harmless; `mx` stays set for a
  // racing cancellation hook). After it no waker can reach this
  // waiter, and what a waker wrote into it before is visible: a derived awaiter whose
  // destructor looks at what it was handed calls this first (its destructor runs before
  // this base's).
  void unpark() {
    perturb_point(); // teardown racing wakers
    if (mx) {
      std::lock_guard lk(*mx);
      if (linked)
        list->erase(*this);
    }
  }

  // try_now() runs under the lock and returns true when the operation completed at once.
  template <class P, class TryNow>
  bool park(std::coroutine_handle<P> handle, std::mutex &m, waiter_list &l, TryNow &&try_now,
            std::source_location where) {
    root = root_of(handle);
    if (root && root->cancel_requested()) {
      cancelled = true;
      return false;
    }
    perturb_point(); // cancel() or a waker may come between the check and the lock
    std::unique_lock lk(m);
    if (try_now())
      return false;
    h = handle;
    loop = event_loop::for_task(root);
    mx = &m;
    list = &l;
    const bool on_loop = loop && loop->on_loop_thread();
    if (on_loop && root)
      root->set_where(where);
    l.push_back(*this);
    perturb_point();
    if (root && loop && !on_loop) {
      // Off the loop thread another thread may resume (and free) us as soon as the lock is
      // released, so the cancellation hook is installed under the lock. If cancel() came
      // between the check above and now, take the hook back and do not suspend; if the loop
      // thread took it first, its on_cancel waits for our lock and then wakes us.
      hooked_ = true;
      if (root->publish_cancel_hook(&on_cancel, static_cast<waiter *>(this)) &&
          root->clear_cancel_hook(static_cast<waiter *>(this))) {
        hooked_ = false;
        l.erase(*this);
        cancelled = true;
        return false;
      }
      return true;
    }
    lk.unlock();
    perturb_point(); // a waker on another thread may pop us before the hook is installed
    // On the loop thread nobody can resume us before we return (resumption goes through this
    // loop's queue), so the hook is installed after the lock is released.
    if (on_loop && root) {
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
