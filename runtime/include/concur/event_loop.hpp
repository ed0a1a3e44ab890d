#pragma once
// concur::event_loop: one thread, epoll, a ready queue, timers and a thread-safe inbox.

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <coroutine>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "concur/cancelled.hpp"
#include "concur/detail/callback.hpp"
#include "concur/detail/io_watch.hpp"
#include "concur/detail/perturb.hpp"
#include "concur/detail/promise_base.hpp"
#include "concur/detail/ring_queue.hpp"
#include "concur/detail/spin_lock.hpp"
#include "concur/detail/timer_heap.hpp"
#include "concur/join_handle.hpp"
#include "concur/task.hpp"
#include "concur/thread_pool.hpp"

namespace concur {

class event_loop;

namespace detail {
// The loop running on this thread, if any.
inline constinit thread_local event_loop *current_loop = nullptr;

inline bool env_flag(const char *name) {
  const char *v = std::getenv(name);
  return v && *v && std::string_view(v) != "0";
}
inline std::chrono::milliseconds env_millis(const char *name, std::chrono::milliseconds fallback) {
  if (const char *v = std::getenv(name); v && *v) {
    char *end = nullptr;
    long ms = std::strtol(v, &end, 10);
    if (end && *end == '\0' && ms > 0)
      return std::chrono::milliseconds(ms);
  }
  return fallback;
}
} // namespace detail

/// A single-threaded event loop (asyncio's loop): runs tasks and callbacks, timers, and socket
/// readiness from epoll. Everything except call_soon_threadsafe() and stop() must be called on
/// the loop's thread (or before the loop runs).
class event_loop final : private detail::task_host {
  using promise_base = detail::promise_base;

public:
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
    std::function<void(std::string_view)> report;
  };

  /// Called with the exception of a spawned task that nobody awaited.
  using exception_handler = std::function<void(std::exception_ptr, std::string_view task_name)>;

  event_loop() : event_loop(options{}) {}

  explicit event_loop(options opts) : opts_(std::move(opts)) {
    epfd_ = ::epoll_create1(EPOLL_CLOEXEC);
    if (epfd_ < 0)
      throw std::system_error(errno, std::system_category(), "concur::event_loop: epoll_create1");
    efd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (efd_ < 0) {
      int e = errno;
      ::close(epfd_);
      throw std::system_error(e, std::system_category(), "concur::event_loop: eventfd");
    }
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.ptr = nullptr; // marks the wake-up eventfd
    ::epoll_ctl(epfd_, EPOLL_CTL_ADD, efd_, &ev);
  }

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
    std::vector<detail::callback> dropped;
    {
      std::unique_lock lk(remote_mx_);
      offload_cv_.wait(lk, [&] { return offloads_ == 0; });
      remote_closed_ = true;
      dropped.swap(remote_items_);
    }
    dropped.clear(); // outside the lock: a callback's destructor may take a primitive's lock
    timers_.clear(); // first: a parked frame's destructor then leaves the heap alone
    // Destroying a task can release join_handles it held; prefer tasks nobody holds so that a
    // handle never outlives its task.
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
          report(std::string("concur: debug: the join_handle of task '") + victim->name() +
                 "' outlives its event loop; the task is destroyed and the handle emptied");
      }
      victim->self().destroy();
    }
    ready_.clear();
    callbacks_.clear();
    ::close(efd_);
    ::close(epfd_);
  }

  /// The loop running on the calling thread, or null.
  static event_loop *current() noexcept { return detail::current_loop; }

  bool on_loop_thread() const noexcept { return detail::current_loop == this; }
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
    ready_.push_back(ready_entry{&p, start_tag()});
    return join_handle<T>(h);
  }

  /// Runs fn on the loop thread soon, after the callbacks already queued.
  template <class F> void call_soon(F &&fn) {
    push_callback(detail::callback(std::forward<F>(fn)));
  }

  /// Like call_soon, from any thread; wakes the loop. Callbacks posted after the loop is
  /// destroyed are dropped.
  template <class F> void call_soon_threadsafe(F &&fn) {
    post_threadsafe(detail::callback(std::forward<F>(fn)));
  }

  /// Makes run_forever() return after the current iteration. Any thread.
  void stop() noexcept {
    stop_.store(true, std::memory_order_release);
    if (!on_loop_thread())
      wake();
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

  const options &loop_options() const noexcept { return opts_; }

  // ---- Machinery for the runtime's awaitables (not for applications). ----

  /// Resume h on the next iteration. Loop thread only.
  void schedule(std::coroutine_handle<> h, promise_base *root) noexcept override {
    ready_.push_back(ready_entry{h.address(), root});
  }

  /// Resume h on the loop thread, from any thread.
  void resume_soon(std::coroutine_handle<> h, promise_base *root) {
    if (on_loop_thread())
      schedule(h, root);
    else
      post_threadsafe(detail::callback(resume_task{h, root, this}));
  }

  /// Queues cb from any thread; false if the loop is gone (cb is dropped).
  bool post_threadsafe(detail::callback cb) {
    detail::perturb_point();
    std::lock_guard lk(remote_mx_);
    if (remote_closed_)
      return false;
    remote_items_.push_back(std::move(cb));
    remote_nonempty_.store(true, std::memory_order_seq_cst);
    if (!remote_wake_pending_ && sleeping_.load(std::memory_order_seq_cst)) {
      remote_wake_pending_ = true;
      write_eventfd();
    }
    return true;
  }

  /// True once the loop's destructor has begun (any thread): offloaded calls that have not
  /// started by then are dropped.
  bool closing() const noexcept { return closing_.load(std::memory_order_acquire); }

  // Work handed to another thread that will post its continuation back: the loop's destructor
  // waits for it, because the continuation lives in a task frame.
  void begin_offload() {
    std::lock_guard lk(remote_mx_);
    ++offloads_;
    offloads_in_flight_.fetch_add(1, std::memory_order_relaxed);
  }
  // Ends an offload and resumes h (if any) on the loop thread. After this returns the caller
  // must not touch the awaiting frame: the loop may already have resumed it.
  void finish_offload(std::coroutine_handle<> h, promise_base *root) {
    detail::perturb_point();
    std::lock_guard lk(remote_mx_);
    --offloads_;
    offloads_in_flight_.fetch_sub(1, std::memory_order_relaxed);
    if (h && !remote_closed_) {
      remote_items_.push_back(detail::callback(resume_task{h, root, this}));
      remote_nonempty_.store(true, std::memory_order_seq_cst);
      if (!remote_wake_pending_ && sleeping_.load(std::memory_order_seq_cst)) {
        remote_wake_pending_ = true;
        write_eventfd();
      }
    }
    offload_cv_.notify_all();
  }

  void add_timer(detail::timer_node &n) { timers_.push(&n); }
  void cancel_timer(detail::timer_node &n) noexcept { timers_.erase(&n); }

  void add_watch(detail::io_watch &w) {
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
    ev.data.ptr = &w;
    if (::epoll_ctl(epfd_, EPOLL_CTL_ADD, w.fd, &ev) < 0)
      throw std::system_error(errno, std::system_category(), "concur: epoll_ctl(ADD)");
  }
  void remove_watch(detail::io_watch &w) noexcept {
    if (w.fd >= 0)
      ::epoll_ctl(epfd_, EPOLL_CTL_DEL, w.fd, nullptr);
  }

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

  // The ready queue holds 16 bytes an entry, so that a burst of spawns stays small: an entry
  // resumes a coroutine (with its root, or null), starts a spawned task (start_tag), or runs
  // the next callback of callbacks_ (callback_tag), which keeps the callbacks in queue order.
  struct ready_entry {
    void *a; // the coroutine's address, or the promise of the task to start
    promise_base *root;
  };
  static promise_base *start_tag() noexcept {
    return reinterpret_cast<promise_base *>(std::uintptr_t{1});
  }
  static promise_base *callback_tag() noexcept {
    return reinterpret_cast<promise_base *>(std::uintptr_t{2});
  }
  void push_callback(detail::callback cb) {
    callbacks_.push_back(std::move(cb));
    try {
      ready_.push_back(ready_entry{nullptr, callback_tag()});
    } catch (...) {
      callbacks_.pop_back();
      throw;
    }
  }

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

  // ---- the loop ----
  void wake() noexcept {
    std::lock_guard lk(remote_mx_);
    if (!remote_closed_ && !remote_wake_pending_) {
      remote_wake_pending_ = true;
      write_eventfd();
    }
  }

  void write_eventfd() noexcept {
    std::uint64_t one = 1;
    ssize_t r = ::write(efd_, &one, sizeof(one));
    (void)r; // EAGAIN means the counter is already non-zero: the loop will wake anyway
  }

  void drain_remote() {
    if (!remote_nonempty_.load(std::memory_order_acquire))
      return;
    std::vector<detail::callback> items;
    {
      std::lock_guard lk(remote_mx_);
      items.swap(remote_items_);
      remote_nonempty_.store(false, std::memory_order_relaxed);
      remote_wake_pending_ = false;
    }
    for (auto &cb : items)
      push_callback(std::move(cb));
  }

  void poll(bool may_block) {
    epoll_event events[128];
    int n;
    if (!may_block) {
      n = ::epoll_wait(epfd_, events, 128, 0);
    } else if (!announce_sleep()) {
      n = ::epoll_wait(epfd_, events, 128, 0);
    } else if (timers_.empty() ||
               timers_.top()->deadline == std::chrono::steady_clock::time_point::max()) {
      n = ::epoll_wait(epfd_, events, 128, -1); // no timer, or only ones that sleep forever
    } else {
      // Deadlines are at most time_point::max() and the clock is past its epoch: no overflow.
      auto wait = timers_.top()->deadline - std::chrono::steady_clock::now();
      auto ns = std::max<long long>(0, std::chrono::ceil<std::chrono::nanoseconds>(wait).count());
      // epoll_pwait2 takes a timespec: 1 ms sleeps do not round up to 2 ms.
      timespec ts{static_cast<time_t>(ns / 1000000000), static_cast<long>(ns % 1000000000)};
      n = ::epoll_pwait2(epfd_, events, 128, &ts, nullptr);
      if (n < 0 && errno == ENOSYS)
        n = ::epoll_wait(epfd_, events, 128,
                         static_cast<int>(std::min<long long>(ns / 1000000 + 1, 1 << 30)));
    }
    sleeping_.store(false, std::memory_order_relaxed);
    for (int i = 0; i < n; ++i) {
      auto *w = static_cast<detail::io_watch *>(events[i].data.ptr);
      if (!w) {
        std::uint64_t v;
        ssize_t r = ::read(efd_, &v, sizeof(v));
        (void)r;
        continue;
      }
      const auto ev = events[i].events;
      if ((ev & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) && w->reader)
        wake_io(std::exchange(w->reader, nullptr));
      if ((ev & (EPOLLOUT | EPOLLHUP | EPOLLERR)) && w->writer)
        wake_io(std::exchange(w->writer, nullptr));
    }
  }

  // Posters write the eventfd only while the loop sleeps in epoll. Returns false when work
  // arrived in the meantime (then the loop must not block).
  bool announce_sleep() noexcept {
    sleeping_.store(true, std::memory_order_seq_cst);
    if (remote_nonempty_.load(std::memory_order_seq_cst)) {
      sleeping_.store(false, std::memory_order_relaxed);
      return false;
    }
    return true;
  }

  void wake_io(detail::io_waiter *waiter) noexcept {
    if (waiter->root)
      waiter->root->clear_cancel_hook(waiter);
    schedule(waiter->h, waiter->root);
  }

  void fire_timers() {
    if (timers_.empty())
      return;
    auto now = std::chrono::steady_clock::now();
    while (!timers_.empty() && timers_.top()->deadline <= now) {
      detail::timer_node *n = timers_.top();
      timers_.erase(n);
      n->fire(n);
    }
  }

  void run_once() {
    drain_remote();
    // Poll the kernel on every iteration that would otherwise block, and at least every 32
    // busy iterations so that sockets are not starved by a loop full of ready tasks.
    bool idle = ready_.empty() && !stop_.load(std::memory_order_relaxed);
    if (idle && offloads_in_flight_.load(std::memory_order_relaxed) > 0 && spin_for_remote())
      idle = false; // an offloaded call came back while we spun: no need to sleep in epoll
    if (idle || ++busy_iterations_ >= 32) {
      busy_iterations_ = 0;
      poll(idle);
      drain_remote();
    }
    fire_timers();
    run_ready();
  }

  // An offloaded call is in flight: its result usually comes back within microseconds, and
  // sleeping in epoll then waking through the eventfd costs far more on a virtual machine.
  // Spin briefly (about 50 us) unless a timer is due first.
  bool spin_for_remote() {
    auto until = std::chrono::steady_clock::now() + std::chrono::microseconds(50);
    if (!timers_.empty() && timers_.top()->deadline < until)
      return false;
    for (int i = 0;; ++i) {
      if (remote_nonempty_.load(std::memory_order_acquire))
        return true;
      detail::cpu_relax();
      if ((i & 63) == 63 && std::chrono::steady_clock::now() >= until)
        return false;
    }
  }

  void run_ready() {
    const std::size_t n = ready_.size();
    for (std::size_t i = 0; i < n && !ready_.empty(); ++i) {
      const ready_entry e = ready_.pop_front();
      current_root_ = nullptr;
      if (!opts_.debug) {
        invoke(e);
        continue;
      }
      auto t0 = std::chrono::steady_clock::now();
      invoke(e);
      auto took = std::chrono::steady_clock::now() - t0;
      if (took > opts_.stall_threshold)
        report_stall(std::chrono::duration_cast<std::chrono::milliseconds>(took));
    }
  }

  void invoke(const ready_entry &e) noexcept {
    try {
      if (e.root == callback_tag()) {
        detail::callback cb = callbacks_.pop_front();
        cb();
      } else if (e.root == start_tag()) {
        start(static_cast<promise_base *>(e.a));
      } else {
        current_root_ = e.root;
        std::coroutine_handle<>::from_address(e.a).resume();
      }
    } catch (const std::exception &e) {
      std::fprintf(stderr, "concur: exception in a callback: %s\n", e.what());
    } catch (...) {
      std::fprintf(stderr, "concur: exception in a callback\n");
    }
  }

  void report_stall(std::chrono::milliseconds took) {
    std::string msg = "concur: debug: ";
    if (current_root_) {
      const auto w = current_root_->where();
      msg += "task '";
      msg += current_root_->name() ? current_root_->name() : "task";
      msg += "' ran for " + std::to_string(took.count()) + " ms without yielding (threshold " +
             std::to_string(opts_.stall_threshold.count()) + " ms); it last resumed at ";
      if (w.line() != 0) {
        msg += w.file_name();
        msg += ":" + std::to_string(w.line()) + " in ";
        msg += w.function_name();
      } else {
        msg += "its start";
      }
    } else {
      msg += "a callback ran for " + std::to_string(took.count()) +
             " ms without yielding (threshold " + std::to_string(opts_.stall_threshold.count()) +
             " ms)";
    }
    report(msg);
  }

  void report(const std::string &msg) noexcept {
    try {
      if (opts_.report)
        opts_.report(msg);
      else
        std::fprintf(stderr, "%s\n", msg.c_str());
    } catch (...) {
    }
  }

  options opts_;
  int epfd_ = -1;
  int efd_ = -1;
  bool running_ = false;
  std::atomic<bool> closing_{false};
  std::atomic<bool> stop_{false};
  unsigned busy_iterations_ = 0;
  detail::ring_queue<ready_entry> ready_;
  detail::ring_queue<detail::callback> callbacks_;
  detail::timer_heap timers_;
  promise_base *live_ = nullptr;
  promise_base *current_root_ = nullptr;
  exception_handler exception_handler_;

  std::mutex remote_mx_;
  std::vector<detail::callback> remote_items_;
  std::atomic<bool> remote_nonempty_{false};
  std::atomic<bool> sleeping_{false};
  bool remote_wake_pending_ = false;
  bool remote_closed_ = false;
  std::size_t offloads_ = 0;
  std::atomic<int> offloads_in_flight_{0};
  std::condition_variable offload_cv_;

  std::once_flag blocking_once_;
  std::unique_ptr<thread_pool> blocking_;
};

} // namespace concur
