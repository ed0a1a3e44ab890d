#pragma once
// The part of every task promise that the runtime needs without knowing T: the awaiting
// continuation, the chain's root (the spawned task that carries cancellation and debug
// information) and, on that root, the bookkeeping of the owning event loop.

#include <atomic>
#include <concepts>
#include <coroutine>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <source_location>
#include <utility>

#include "concur/detail/frame_allocator.hpp"
#include "concur/detail/perturb.hpp"

// Symmetric transfer makes a chain of awaits run in constant stack, but only if the compiler
// turns the transfer into a tail call. Clang always does; GCC only when optimising and without
// ASan/TSan. Elsewhere we fall back to resuming the awaited task from await_suspend and
// continuing inline when it finished synchronously, which keeps loops of awaits flat (deeply
// nested chains still use stack there).
#if defined(CONCUR_SYMMETRIC_TRANSFER)
#elif defined(__clang__)
#define CONCUR_SYMMETRIC_TRANSFER 1
#elif defined(__OPTIMIZE__) && !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
#define CONCUR_SYMMETRIC_TRANSFER 1
#else
#define CONCUR_SYMMETRIC_TRANSFER 0
#endif

namespace concur::detail {

class promise_base;

// The part of a join_handle its loop can reach: when the loop is destroyed before the handle,
// it empties the handle (frame = null) so that the handle never touches the freed task.
struct join_handle_link {
  void *frame = nullptr; // the spawned coroutine's address, or null
};

// Implemented by event_loop. An interface keeps task.hpp independent of the loop.
class task_host {
public:
  // A spawned task ran to completion; returns the coroutine to transfer to.
  virtual std::coroutine_handle<> finish_task(promise_base &root) noexcept = 0;
  // The join_handle of a spawned task was dropped.
  virtual void release_task(promise_base &root) noexcept = 0;
  virtual bool on_host_thread() const noexcept = 0;
  // Resume h soon on the host's thread (h belongs to the task rooted at root, if any).
  virtual void schedule(std::coroutine_handle<> h, promise_base *root) noexcept = 0;

protected:
  ~task_host() = default;
};

class promise_base {
public:
  static void *operator new(std::size_t n) { return frame_allocate(n); }
  static void operator delete(void *p, std::size_t n) noexcept { frame_deallocate(p, n); }

  std::suspend_always initial_suspend() const noexcept { return {}; }
  void unhandled_exception() noexcept { exception_ = std::current_exception(); }

  struct final_awaiter {
    bool await_ready() const noexcept { return false; }
    template <class P> std::coroutine_handle<> await_suspend(std::coroutine_handle<P> h) noexcept {
      promise_base &p = h.promise();
      if (p.continuation_) {
#if CONCUR_SYMMETRIC_TRANSFER
        return p.continuation_; // symmetric transfer: a chain of awaits never grows the stack
#else
        // Whoever flips the flag second continues the awaiter (see task::awaiter).
        if (p.inline_done_.exchange(true, std::memory_order_acq_rel))
          return p.continuation_;
        return std::noop_coroutine();
#endif
      }
      if (p.host_ && p.root_ == &p)
        return p.host_->finish_task(p);
      return std::noop_coroutine();
    }
    void await_resume() const noexcept {}
  };
  final_awaiter final_suspend() const noexcept { return {}; }

  // --- Cancellation, read through root_ by every awaitable of the runtime.
  bool cancel_requested() const noexcept {
    return cancel_requested_.load(std::memory_order_acquire);
  }

  // Marks the task cancelled and wakes its current suspension point, if it has one.
  // Loop thread only. Hooks are installed by the thread running the task (a wait begun on a
  // pool thread installs its hook there), so the hook is published with an atomic: the
  // flag is stored before the hook is taken, and a parker stores its hook before it reads the
  // flag (both sequentially consistent), so one of them always sees the other.
  void request_cancel() noexcept {
    cancel_requested_.store(true, std::memory_order_seq_cst);
    perturb_point(); // a pool thread may be publishing its hook right now
    if (void *arg = cancel_arg_.exchange(nullptr, std::memory_order_seq_cst))
      cancel_fn_(arg);
  }

  // An awaitable registers how to wake it on cancellation. At most one hook is installed at a
  // time (a task has one suspension point), so cancel_fn_ is stable while arg is published.
  // On the loop thread, where request_cancel cannot run concurrently.
  void set_cancel_hook(void (*fn)(void *), void *arg) noexcept {
    cancel_fn_ = fn;
    cancel_arg_.store(arg, std::memory_order_release);
  }
  // On another thread: publishes the hook, then reports whether cancellation was already
  // requested (then the caller should take the hook back with clear_cancel_hook; if that
  // fails the loop thread runs it).
  bool publish_cancel_hook(void (*fn)(void *), void *arg) noexcept {
    cancel_fn_ = fn;
    cancel_arg_.store(arg, std::memory_order_seq_cst);
    return cancel_requested_.load(std::memory_order_seq_cst);
  }
  // Removes the hook if it is still arg's; false when request_cancel took it first (then the
  // hook runs, or has run, on the loop thread).
  bool clear_cancel_hook(void *arg) noexcept {
    if (cancel_arg_.load(std::memory_order_relaxed) != arg)
      return false;
    void *expected = arg;
    return cancel_arg_.compare_exchange_strong(expected, nullptr, std::memory_order_acq_rel);
  }
  void drop_cancel_hook() noexcept { cancel_arg_.store(nullptr, std::memory_order_relaxed); }

  // --- Root bookkeeping helpers.
  const char *name() const noexcept {
    return debug_ ? static_cast<const debug_info *>(info_)->name : static_cast<const char *>(info_);
  }
  // Records the suspension point the task resumes from; kept only in debug mode (the loop's
  // stall reports name it), where spawn gives the task a debug_info.
  void set_where(std::source_location where) noexcept {
    if (debug_)
      static_cast<debug_info *>(info_)->where = where;
  }
  std::source_location where() const noexcept {
    return debug_ ? static_cast<const debug_info *>(info_)->where : std::source_location{};
  }
  struct debug_info {
    const char *name;
    std::source_location where;
  };
  void set_name(const char *name, bool debug) {
    if (debug) {
      info_ = new debug_info{name, {}};
      debug_ = true;
    } else {
      info_ = const_cast<char *>(name);
    }
  }
  ~promise_base() {
    if (debug_)
      delete static_cast<debug_info *>(info_);
  }

  // The spawned coroutine itself (its frame starts frame_offset_ bytes before the promise).
  std::coroutine_handle<> self() const noexcept {
    return std::coroutine_handle<>::from_address(
        const_cast<char *>(reinterpret_cast<const char *>(this)) - frame_offset_);
  }
  // A coroutine awaiting the join_handle: kept in the completion callback's slots, marked by
  // on_done_ == &joined (a task has either a joiner or a callback, never both).
  static void joined(void *, promise_base &) noexcept {}
  std::coroutine_handle<> joiner() const noexcept {
    return on_done_ == &joined ? std::coroutine_handle<>::from_address(on_done_arg_)
                               : std::coroutine_handle<>{};
  }
  void set_joiner(std::coroutine_handle<> h) noexcept {
    on_done_ = &joined;
    on_done_arg_ = h.address();
  }
  void clear_joiner() noexcept {
    if (on_done_ == &joined) {
      on_done_ = nullptr;
      on_done_arg_ = nullptr;
    }
  }

  // --- The chain.
  std::coroutine_handle<> continuation_;
  promise_base *root_ = nullptr; // null when awaited from a coroutine that is not a task
  std::exception_ptr exception_;
#if !CONCUR_SYMMETRIC_TRANSFER
  std::atomic<bool> inline_done_{false};
#endif

  // --- Root bookkeeping: meaningful only when root_ == this (a spawned task).
  task_host *host_ = nullptr;
  void (*on_done_)(void *, promise_base &) = nullptr; // a callback (gather, run) or &joined
  void *on_done_arg_ = nullptr;
  void (*cancel_fn_)(void *) = nullptr;
  std::atomic<void *> cancel_arg_{nullptr}; // see request_cancel
  void *info_ = nullptr; // the name, or in debug mode a debug_info (name and last resume point)
  join_handle_link *handle_ = nullptr; // the join_handle, while one refers to this task
  promise_base *prev_ = nullptr;       // the loop's list of live tasks
  promise_base *next_ = nullptr;
  std::atomic<bool> cancel_requested_{false};
  bool done_ = false;
  bool has_handle_ = false;
  bool result_taken_ = false;
  bool debug_ = false;
  std::uint16_t frame_offset_ = 0; // see self()
};

// The root of the awaiting coroutine, or null when it is not a concur task.
template <class P> promise_base *root_of(std::coroutine_handle<P> h) noexcept {
  if constexpr (std::derived_from<P, promise_base>)
    return h.promise().root_;
  else
    return nullptr;
}

} // namespace concur::detail
