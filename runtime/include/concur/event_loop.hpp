#pragma once
// concur::event_loop: the executor of tasks, for high fan-out I/O on one thread (asyncio's
// loop): epoll, a ready queue, timers and a thread-safe inbox. The class schedules tasks; its
// parts live in detail/: loop_run_queue (what runs next), loop_timers, loop_readiness
// (epoll), loop_inbox (posts from other threads and offloaded calls) and loop_debug (the
// stall report).

#include <algorithm>
#include <atomic>
#include <chrono>
#include <coroutine>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <utility>

#include "concur/detail/callback.hpp"
#include "concur/detail/io_watch.hpp"
#include "concur/detail/loop_debug.hpp"
#include "concur/detail/loop_inbox.hpp"
#include "concur/detail/loop_readiness.hpp"
#include "concur/detail/loop_run_queue.hpp"
#include "concur/detail/loop_timers.hpp"
#include "concur/detail/perturb.hpp"
#include "concur/detail/promise_base.hpp"
#include "concur/detail/spin_budget.hpp"
#include "concur/detail/timer_heap.hpp"
#include "concur/pool/thread_pool.hpp"
#include "concur/task/cancelled.hpp"
#include "concur/task/join_handle.hpp"
#include "concur/task/task.hpp"

namespace concur {

class event_loop;

namespace detail {
// The loop running on this thread, if any.
inline constinit thread_local event_loop *current_loop = nullptr;
} // namespace detail

/// A single-threaded event loop (asyncio's loop): runs tasks and callbacks, timers, and socket
/// readiness from epoll. Most programs use concur::run, which makes one; make one yourself to
/// run it on a thread of your choosing or to spawn before it runs.
///
/// Example:
/// ```cpp
/// concur::event_loop loop;
/// auto h = loop.spawn(worker(), "worker");
/// loop.call_soon([] { std::puts("soon"); });
/// int v = loop.run_until_complete(main_task());
/// ```
///
/// Cancellation: stop() ends run_forever() after the current iteration; it cancels nothing.
/// The destructor frees the tasks still pending without resuming them (their frames are
/// destroyed, so their locals' destructors run and each awaitable leaves its queue; they do
/// not see concur::cancelled). It first waits for its tasks' offloaded calls: to_thread and
/// run_in calls running now (those not started yet never start), and process_pool::run jobs
/// queued or running. A join_handle that outlives the loop is emptied (debug mode reports it):
/// dropping it is harmless, awaiting it throws std::logic_error. Other threads may go on
/// signalling primitives the loop's tasks wait on meanwhile: a waker never touches a freed
/// task or loop.
///
/// Thread safety: call_soon_threadsafe() and stop() from any thread; everything else on the
/// loop's thread, or before the loop runs. Sockets must not outlive their loop.
///
/// Resumes on: `co_await loop.schedule()` continues on the loop's thread (from a pool thread:
/// a hop back; on the loop thread: after the tasks already queued).
class event_loop final : private detail::task_host {
  using promise_base = detail::promise_base;

public:
  /// How a loop is made; the defaults suit most programs.
  struct options {
    /// Report task steps that run longer than stall_threshold without yielding.
    /// Defaults to the environment: CONCUR_DEBUG=1 (and CONCUR_DEBUG_STALL_MS=<n>).
    bool debug = detail::env_flag("CONCUR_DEBUG");
    std::chrono::milliseconds stall_threshold =
        detail::env_millis("CONCUR_DEBUG_STALL_MS", std::chrono::milliseconds(100));
    /// Threads of the blocking pool behind to_thread(); 0 means min(32, cores + 4), like
    /// asyncio's default executor. The pool starts on first use.
    std::size_t blocking_threads = 0;
    /// Where debug reports go; stderr when empty.
    detail::report_sink report;
  };

  /// Called with the exception of a spawned task that nobody awaited.
  using exception_handler = std::function<void(std::exception_ptr, std::string_view task_name)>;

  event_loop() : event_loop(options{}) {}

  explicit event_loop(options opts) : opts_(std::move(opts)) {}

  event_loop(const event_loop &) = delete;
  event_loop &operator=(const event_loop &) = delete;

  /// Cancels and frees the tasks still pending: their frames are destroyed, which runs the
  /// destructors of their locals. Offloaded calls still running are waited for first; calls
  /// still queued on the blocking pool never start. A join_handle that outlives the loop is
  /// emptied (in debug mode the loop reports it): dropping it is harmless, awaiting it throws.
  ~event_loop() {
    closing_.store(true, std::memory_order_release); // offloaded calls not started are dropped
    detail::perturb_point();
    if (blocking_)
      blocking_->shutdown();
    detail::perturb_point();
    // What was posted and never ran is destroyed outside the inbox's lock: a callback's
    // destructor may take a primitive's lock.
    inbox_.close().clear();
    timers_.clear(); // first: a parked frame's destructor then leaves the heap alone
    free_pending_tasks();
    ready_.clear(); // the epoll and eventfd descriptors close with readiness_
  }

  /// The loop running on the calling thread, or null.
  static event_loop *current() noexcept { return detail::current_loop; }

  /// True on the thread that runs this loop, while it runs.
  bool on_loop_thread() const noexcept { return detail::current_loop == this; }
  /// True while run_forever() (or run_until_complete) runs. Loop thread.
  bool is_running() const noexcept { return running_; }

  /// Starts t as an independent task (asyncio's create_task); it first runs on the next loop
  /// iteration. `name` (a string that outlives the task) appears in reports.
  template <class T> join_handle<T> spawn(task<T> t, const char *name = nullptr) {
    if (!t.valid())
      throw std::invalid_argument("concur::event_loop::spawn: empty task");
    auto h = t.release();
    auto &p = h.promise();
    p.root_ = &p;
    p.host_ = this;
    p.frame_offset_ =
        static_cast<std::uint16_t>(reinterpret_cast<char *>(&p) - static_cast<char *>(h.address()));
    try {
      p.set_name(name ? name : "task", opts_.debug);
    } catch (...) {
      h.destroy();
      throw;
    }
    p.has_handle_ = true;
    link(p);
    ready_.push_start(p);
    return join_handle<T>(h);
  }

  /// Runs fn on the loop thread soon, after the callbacks already queued.
  template <class F> void call_soon(F &&fn) {
    ready_.push_callback(detail::callback(std::forward<F>(fn)));
  }

  /// Like call_soon, from any thread; wakes the loop. Callbacks posted once the loop's
  /// destructor has begun are dropped (destroyed, never run).
  template <class F> void call_soon_threadsafe(F &&fn) {
    post_threadsafe(detail::callback(std::forward<F>(fn)));
  }

  /// Makes run_forever() return after the current iteration. Any thread.
  void stop() noexcept {
    stop_.store(true, std::memory_order_release);
    if (!on_loop_thread())
      inbox_.wake();
  }

  /// Runs until stop() is called.
  void run_forever() {
    if (detail::current_loop)
      throw std::logic_error("concur::event_loop: a loop is already running on this thread");
    detail::current_loop = this;
    running_ = true;
    struct reset {
      event_loop *self;
      ~reset() {
        detail::current_loop = nullptr;
        self->running_ = false;
        self->stop_.store(false, std::memory_order_relaxed);
      }
    } guard{this};
    while (!stop_.load(std::memory_order_acquire))
      run_once();
  }

  /// Runs the loop until t finishes and returns its result (or rethrows its exception).
  /// Throws std::logic_error, without spawning t, when a loop already runs on this thread.
  template <class T> T run_until_complete(task<T> t) {
    if (detail::current_loop)
      throw std::logic_error("concur::event_loop: a loop is already running on this thread");
    auto h = spawn(std::move(t), "main");
    h.promise().on_done_ = [](void *loop, promise_base &) {
      static_cast<event_loop *>(loop)->stop();
    };
    h.promise().on_done_arg_ = this;
    run_forever();
    if (!h.done()) {
      h.promise().on_done_ = nullptr;
      throw std::logic_error("concur::event_loop: stopped before the task finished");
    }
    return h.get();
  }

  /// The handler for exceptions of spawned tasks that nobody awaited; the default prints them.
  void set_exception_handler(exception_handler h) { exception_handler_ = std::move(h); }

  /// The pool behind to_thread(); started on first use.
  thread_pool &blocking_pool() {
    std::call_once(blocking_once_, [&] {
      std::size_t n = opts_.blocking_threads;
      if (n == 0)
        n = std::min<std::size_t>(32, std::thread::hardware_concurrency() + 4);
      blocking_ = std::make_unique<thread_pool>(n);
    });
    return *blocking_;
  }

  /// The loop an awaitable should use: the one running on this thread, else the loop that
  /// owns the awaiting task (when it runs on a pool thread), else null.
  static event_loop *for_task(promise_base *root) noexcept {
    if (auto *l = detail::current_loop)
      return l;
    if (root && root->host_)
      return static_cast<event_loop *>(root->host_);
    return nullptr;
  }

  /// `co_await loop.schedule()` continues the awaiting coroutine on this loop's thread (from a
  /// pool thread, say). On the loop thread it yields to the tasks already queued.
  struct schedule_awaiter {
    event_loop *loop;
    bool cancelled_ = false;
    bool await_ready() const noexcept { return false; }
    template <class P> bool await_suspend(std::coroutine_handle<P> h) {
      auto *r = detail::root_of(h);
      if (r && r->cancel_requested()) {
        cancelled_ = true;
        return false;
      }
      loop->resume_soon(h, r);
      return true;
    }
    void await_resume() const {
      if (cancelled_)
        throw cancelled();
    }
  };
  [[nodiscard]] schedule_awaiter schedule() noexcept { return schedule_awaiter{this}; }

  /// The options the loop was made with.
  const options &loop_options() const noexcept { return opts_; }

  // ---- Machinery for the runtime's awaitables (not for applications). ----

  /// Resume h on the next iteration. Loop thread only.
  void schedule(std::coroutine_handle<> h, promise_base *root) noexcept override {
    ready_.push_resume(h, root);
  }

  /// Resume h on the loop thread, from any thread.
  void resume_soon(std::coroutine_handle<> h, promise_base *root) {
    if (on_loop_thread())
      schedule(h, root);
    else
      post_threadsafe(detail::callback(resume_task{h, root, this}));
  }

  /// Queues cb from any thread; false if the loop is gone (cb is dropped).
  bool post_threadsafe(detail::callback cb) { return inbox_.post(std::move(cb)); }

  /// True once the loop's destructor has begun (any thread): offloaded calls that have not
  /// started by then are dropped.
  bool closing() const noexcept { return closing_.load(std::memory_order_acquire); }

  // Work handed to another thread that will post its continuation back: the loop's destructor
  // waits for it, because the continuation lives in a task frame.
  void begin_offload() { inbox_.begin_offload(); }
  // Ends an offload and resumes h (if any) on the loop thread. After this returns the caller
  // must not touch the awaiting frame: the loop may already have resumed it.
  void finish_offload(std::coroutine_handle<> h, promise_base *root) {
    inbox_.finish_offload(h ? detail::callback(resume_task{h, root, this}) : detail::callback());
  }

  void add_timer(detail::timer_node &n) { timers_.add(n); }
  void cancel_timer(detail::timer_node &n) noexcept { timers_.cancel(n); }

  void add_watch(detail::io_watch &w) { readiness_.add_watch(w); }
  void remove_watch(detail::io_watch &w) noexcept { readiness_.remove_watch(w); }

private:
  struct resume_task {
    std::coroutine_handle<> h;
    promise_base *root;
    event_loop *loop;
    void operator()() const {
      loop->current_root_ = root;
      h.resume();
    }
  };

  // The first step of a spawned task. A task cancelled before it started never runs.
  void start(promise_base *p) {
    current_root_ = p;
    if (p->cancel_requested()) {
      p->exception_ = std::make_exception_ptr(cancelled());
      complete(*p).resume();
      return;
    }
    p->self().resume();
  }

  // ---- task_host ----
  bool on_host_thread() const noexcept override { return on_loop_thread() || !running_; }

  std::coroutine_handle<> finish_task(promise_base &p) noexcept override {
    if (!on_loop_thread() && running_) {
      // The task finished on another thread (it hopped to a pool): finish it on the loop.
      post_threadsafe(detail::callback([this, pp = &p] { complete(*pp).resume(); }));
      return std::noop_coroutine();
    }
    return complete(p);
  }

  void release_task(promise_base &p) noexcept override {
    if (!p.done_ || closing_.load(std::memory_order_relaxed))
      return; // detached: it finishes on its own
    if (!p.result_taken_)
      report_unhandled(p);
    unlink(p);
    p.self().destroy();
  }

  std::coroutine_handle<> complete(promise_base &p) noexcept {
    p.done_ = true;
    p.drop_cancel_hook();
    if (auto j = p.joiner()) {
      p.clear_joiner();
      return j;
    }
    if (p.on_done_) {
      p.on_done_(p.on_done_arg_, p);
      return std::noop_coroutine();
    }
    if (!p.has_handle_) {
      report_unhandled(p);
      unlink(p);
      p.self().destroy();
    }
    return std::noop_coroutine();
  }

  void report_unhandled(promise_base &p) noexcept {
    if (!p.exception_)
      return;
    try {
      std::rethrow_exception(p.exception_);
    } catch (const cancelled &) {
      return; // cancellation is how a task is meant to end when asked to
    } catch (...) {
    }
    try {
      if (exception_handler_) {
        exception_handler_(p.exception_, p.name());
        return;
      }
      std::string what = "unknown exception";
      try {
        std::rethrow_exception(p.exception_);
      } catch (const std::exception &e) {
        what = e.what();
      } catch (...) {
      }
      std::fprintf(stderr, "concur: unhandled exception in task '%s' that nobody awaited: %s\n",
                   p.name(), what.c_str());
    } catch (...) {
    }
  }

  // The live spawned tasks, so that the destructor can free those left running.
  void link(promise_base &p) noexcept {
    p.prev_ = nullptr;
    p.next_ = live_;
    if (live_)
      live_->prev_ = &p;
    live_ = &p;
  }
  void unlink(promise_base &p) noexcept {
    if (p.prev_)
      p.prev_->next_ = p.next_;
    else if (live_ == &p)
      live_ = p.next_;
    if (p.next_)
      p.next_->prev_ = p.prev_;
    p.prev_ = p.next_ = nullptr;
  }

  // The destructor's last step: frees the spawned tasks still alive. Destroying a task can
  // release join_handles it held; prefer tasks nobody holds so that a handle never outlives
  // its task.
  void free_pending_tasks() noexcept {
    while (live_) {
      promise_base *victim = live_;
      for (auto *p = live_; p; p = p->next_)
        if (!p->has_handle_) {
          victim = p;
          break;
        }
      unlink(*victim);
      victim->done_ = true;
      if (auto *link = std::exchange(victim->handle_, nullptr)) {
        // A join_handle outside every task outlives the loop: empty it so that it never
        // touches the freed task (dropping it is harmless, awaiting it throws).
        link->frame = nullptr;
        if (opts_.debug)
          detail::send_report(opts_.report, detail::outliving_handle_report(victim->name()));
      }
      victim->self().destroy();
    }
  }

  // ---- the loop ----
  void run_once() {
    drain_inbox();
    // Poll the kernel on every iteration that would otherwise block, and at least every 32
    // busy iterations so that sockets are not starved by a loop full of ready tasks.
    bool idle = ready_.empty() && !stop_.load(std::memory_order_relaxed);
    if (idle && inbox_.offloads_in_flight() > 0 && spin_for_offload())
      idle = false; // an offloaded call came back while we spun: no need to sleep in epoll
    if (idle || ++busy_iterations_ >= 32) {
      busy_iterations_ = 0;
      poll(idle);
      drain_inbox();
    }
    timers_.fire_due();
    run_ready();
  }

  void drain_inbox() {
    inbox_.drain([this](detail::callback &&cb) { ready_.push_callback(std::move(cb)); });
  }

  // Waits in epoll only when idle and nothing was posted meanwhile, at most until the next
  // timer is due.
  void poll(bool idle) {
    const bool block = idle && inbox_.announce_sleep();
    const int n = readiness_.wait(block, timers_.next_deadline());
    inbox_.end_sleep();
    readiness_.dispatch(n, [this](detail::io_waiter *w) { wake_io(w); });
  }

  void wake_io(detail::io_waiter *waiter) noexcept {
    if (waiter->root)
      waiter->root->clear_cancel_hook(waiter);
    schedule(waiter->h, waiter->root);
  }

  // An offloaded call is in flight: spin briefly (at most 50 us) for its continuation instead
  // of sleeping in epoll, unless a timer is due first or spinning does not pay here (see
  // spin_budget: never with one usable CPU).
  // An offloaded call usually comes back within microseconds, and sleeping in epoll then
  // waking through the eventfd costs more on a virtual machine.
  bool spin_for_offload() {
    return detail::spin_for(
        offload_spin_, [this] { return inbox_.posted(); }, timers_.next_deadline());
  }

  void run_ready() {
    const std::size_t n = ready_.size();
    for (std::size_t i = 0; i < n && !ready_.empty(); ++i) {
      const auto e = ready_.pop();
      current_root_ = nullptr;
      if (!opts_.debug) {
        invoke(e);
        continue;
      }
      auto t0 = std::chrono::steady_clock::now();
      invoke(e);
      auto took = std::chrono::steady_clock::now() - t0;
      if (took > opts_.stall_threshold)
        detail::send_report(
            opts_.report,
            detail::stall_report(current_root_,
                                 std::chrono::duration_cast<std::chrono::milliseconds>(took),
                                 opts_.stall_threshold));
    }
  }

  void invoke(const detail::loop_run_queue::entry &e) noexcept {
    try {
      if (e.is_callback()) {
        detail::callback cb = ready_.pop_callback();
        cb();
      } else if (e.is_start()) {
        start(e.task_to_start());
      } else {
        current_root_ = e.root;
        e.coroutine().resume();
      }
    } catch (const std::exception &e) {
      std::fprintf(stderr, "concur: exception in a callback: %s\n", e.what());
    } catch (...) {
      std::fprintf(stderr, "concur: exception in a callback\n");
    }
  }

  options opts_;
  detail::loop_readiness readiness_;
  detail::loop_inbox inbox_{readiness_};
  detail::loop_timers timers_;
  detail::loop_run_queue ready_;
  bool running_ = false;
  std::atomic<bool> closing_{false};
  std::atomic<bool> stop_{false};
  unsigned busy_iterations_ = 0;
  // The loop thread's affinity is the constructing thread's, as a rule: read it here.
  detail::spin_budget offload_spin_{std::chrono::microseconds(50), detail::usable_cpus()};
  promise_base *live_ = nullptr;         // spawned tasks not yet freed (see link)
  promise_base *current_root_ = nullptr; // the task whose step runs now (debug reports)
  exception_handler exception_handler_;

  std::once_flag blocking_once_;
  std::unique_ptr<thread_pool> blocking_;
};

} // namespace concur
