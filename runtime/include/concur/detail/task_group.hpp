#pragma once
// Waits for a set of spawned tasks; the machinery under gather and when_any.
// The first child to fail (gather) or to finish at all (when_any) cancels the others; the
// awaiter resumes only when every child has finished, so no child outlives the call.

#include <coroutine>
#include <cstddef>
#include <exception>
#include <variant>
#include <vector>

#include "concur/detail/promise_base.hpp"
#include "concur/event_loop.hpp"
#include "concur/task/cancelled.hpp"

namespace concur::detail {

template <class T>
using value_or_monostate_t = std::conditional_t<std::is_void_v<T>, std::monostate, T>;

// The result of a finished child's join_handle, with void mapped to std::monostate.
template <class H> auto take_result(H &h) {
  if constexpr (std::is_void_v<decltype(h.get())>) {
    h.get();
    return std::monostate{};
  } else {
    return h.get();
  }
}

class task_group {
public:
  enum class mode { all, any };
  static constexpr std::size_t none = static_cast<std::size_t>(-1);

  task_group(mode m, std::size_t n) : mode_(m) { slots_.reserve(n); }
  task_group(const task_group &) = delete;
  task_group &operator=(const task_group &) = delete;
  ~task_group() {
    // Destroyed early (its frame is being torn down): children must not call back into it.
    for (auto &s : slots_)
      if (!s.child->done_) {
        s.child->on_done_ = nullptr;
        s.child->request_cancel();
      }
    if (root_)
      root_->clear_cancel_hook(this);
  }

  void add(promise_base &child) {
    slots_.push_back(slot{this, &child, slots_.size()});
    child.on_done_ = &child_done;
    child.on_done_arg_ = &slots_.back();
    ++remaining_;
  }

  // Index of the child that decided the outcome (first failure, or first finisher), or none.
  std::size_t winner() const noexcept { return winner_; }

  // The exception to rethrow, if the deciding child failed.
  std::exception_ptr error() const noexcept {
    return winner_ == none ? nullptr : slots_[winner_].child->exception_;
  }

  void mark_taken(std::size_t i) noexcept { slots_[i].child->result_taken_ = true; }

  struct awaiter {
    task_group *g;
    bool await_ready() const noexcept { return g->remaining_ == 0; }
    template <class P> bool await_suspend(std::coroutine_handle<P> h) {
      g->root_ = root_of(h);
      g->waiter_ = h;
      g->loop_ = event_loop::for_task(g->root_);
      if (g->root_) {
        if (g->root_->cancel_requested())
          g->cancel_all();
        else
          g->root_->set_cancel_hook(&on_cancel, g);
      }
      return g->remaining_ != 0;
    }
    void await_resume() const noexcept {
      if (g->root_)
        g->root_->clear_cancel_hook(g);
    }
  };
  awaiter wait() noexcept { return awaiter{this}; }

private:
  struct slot {
    task_group *group;
    promise_base *child;
    std::size_t index;
  };

  static void child_done(void *arg, promise_base &child) {
    auto *s = static_cast<slot *>(arg);
    task_group *g = s->group;
    child.on_done_ = nullptr;
    --g->remaining_;
    if (g->winner_ == none && (g->mode_ == mode::any || child.exception_)) {
      g->winner_ = s->index;
      g->cancel_all();
    }
    if (g->remaining_ == 0 && g->waiter_)
      g->loop_->schedule(std::exchange(g->waiter_, {}), g->root_);
  }

  // The awaiting task was cancelled: cancel the children and keep waiting for them.
  static void on_cancel(void *arg) noexcept { static_cast<task_group *>(arg)->cancel_all(); }

  void cancel_all() noexcept {
    for (auto &s : slots_)
      if (!s.child->done_)
        s.child->request_cancel();
  }

  mode mode_;
  std::vector<slot> slots_;
  std::size_t remaining_ = 0;
  std::size_t winner_ = none;
  std::coroutine_handle<> waiter_;
  promise_base *root_ = nullptr;
  event_loop *loop_ = nullptr;
};

inline event_loop &loop_for_group(const char *what) {
  auto *loop = event_loop::current();
  if (!loop)
    throw std::logic_error(std::string(what) + ": must be awaited on an event loop thread");
  return *loop;
}

} // namespace concur::detail
