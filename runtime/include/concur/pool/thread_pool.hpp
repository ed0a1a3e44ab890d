#pragma once
// concur::thread_pool: worker threads for CPU-bound work and blocking calls, in parallel on
// every core (C++ has no GIL): jobs, futures, parallel_for, and an executor for resume_on.

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <coroutine>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <functional>
#include <future>
#include <iterator>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <type_traits>
#include <vector>

#include "concur/detail/callback.hpp"
#include "concur/detail/inject_queue.hpp"
#include "concur/detail/parking_word.hpp"
#include "concur/detail/perturb.hpp"
#include "concur/detail/promise_base.hpp"
#include "concur/detail/ring_queue.hpp"
#include "concur/detail/sanitizers.hpp"
#include "concur/detail/spin_budget.hpp"
#include "concur/detail/spin_lock.hpp"
#include "concur/task/cancelled.hpp"

namespace concur {

/// A fixed set of worker threads, each with its own queue, plus an injection queue for work
/// submitted from outside; idle workers steal from busy ones. Work submitted from a worker goes
/// to that worker's queue. shutdown() (and the destructor) finishes queued work, then joins.
///
/// Example:
/// ```cpp
/// concur::thread_pool pool(4);
/// auto f = pool.submit([] { return crunch(); });
/// pool.parallel_for(v.begin(), v.end(), [](auto &x) { x = transform(x); });
/// co_await pool.schedule(); // from a task: continue on a worker
/// ```
///
/// Cancellation: the pool knows no tasks: a job once queued runs to the end. schedule()
/// throws concur::cancelled for a task already cancelled instead of hopping; a task cancelled
/// after it was queued hops anyway and sees it at its next suspension point. Submitting after
/// shutdown() throws std::runtime_error (also from co_await schedule()).
///
/// Thread safety: every member from any thread, except that shutdown() must not run on one of
/// the pool's own workers (it throws std::logic_error) and the pool must not be destroyed from
/// one of its own jobs (a precondition: the destructor aborts with a diagnosis on stderr).
///
/// Resumes on: `co_await pool.schedule()` continues on one of the pool's worker threads.
class thread_pool {
public:
  static std::size_t default_threads() noexcept {
    return std::max(1u, std::thread::hardware_concurrency());
  }

  /// Starts `threads` workers (at least one, at most 65,535). If the system refuses a thread,
  /// the ones already started are joined and the std::system_error is rethrown.
  explicit thread_pool(std::size_t threads = default_threads()) {
    // The upper bound is what the idle counts' 16-bit fields can hold.
    threads = std::clamp<std::size_t>(threads, 1, 0xffff);
    workers_.reserve(threads);
    sleepers_.reserve(threads);                  // parking never allocates
    const unsigned cpus = detail::usable_cpus(); // the workers inherit this thread's mask
    for (std::size_t i = 0; i < threads; ++i)
      workers_.push_back(std::make_unique<worker>(cpus));
    try {
      for (std::size_t i = 0; i < threads; ++i)
        workers_[i]->thread = std::thread([this, i] { work(i); });
    } catch (...) {
      shutdown(); // no destructor runs for a constructor that throws
      throw;
    }
  }

  thread_pool(const thread_pool &) = delete;
  thread_pool &operator=(const thread_pool &) = delete;
  /// Precondition: not called from one of the pool's own jobs (a worker cannot join itself);
  /// violating it aborts with a diagnosis on stderr.
  ~thread_pool() {
    if (on_worker_thread()) {
      std::fprintf(stderr, "concur: thread_pool destroyed from one of its own jobs; destroy it "
                           "from a thread outside the pool\n");
      std::abort();
    }
    shutdown();
  }

  std::size_t size() const noexcept { return workers_.size(); }

  /// True on one of this pool's worker threads.
  bool on_worker_thread() const noexcept { return current_worker_.pool == this; }

  /// Runs fn on a worker; fire and forget. An exception escaping fn is reported on stderr.
  /// Throws std::runtime_error after shutdown() (except from the pool's own workers).
  template <class F> void post(F &&fn) {
    enqueue(detail::callback([f = std::forward<F>(fn)]() mutable {
      try {
        f();
      } catch (const std::exception &e) {
        std::fprintf(stderr, "concur: unhandled exception in thread_pool job: %s\n", e.what());
      } catch (...) {
        std::fprintf(stderr, "concur: unhandled exception in thread_pool job\n");
      }
    }));
  }

  /// Runs fn on a worker; the future carries its result or exception.
  template <class F> auto submit(F &&fn) -> std::future<std::invoke_result_t<std::decay_t<F> &>> {
    using R = std::invoke_result_t<std::decay_t<F> &>;
    std::promise<R> promise;
    auto future = promise.get_future();
    enqueue(detail::callback([p = std::move(promise), f = std::forward<F>(fn)]() mutable {
      try {
        if constexpr (std::is_void_v<R>) {
          f();
          p.set_value();
        } else {
          p.set_value(f());
        }
      } catch (...) {
        p.set_exception(std::current_exception());
      }
    }));
    return future;
  }

  /// `co_await pool.schedule()` continues the awaiting coroutine on a worker thread.
  struct schedule_awaiter {
    thread_pool *pool;
    bool cancelled_ = false;
    bool await_ready() const noexcept { return false; }
    template <class P> bool await_suspend(std::coroutine_handle<P> h) {
      if (auto *r = detail::root_of(h); r && r->cancel_requested()) {
        cancelled_ = true;
        return false;
      }
      pool->enqueue(detail::callback([h]() { h.resume(); }));
      return true;
    }
    void await_resume() const {
      if (cancelled_)
        throw cancelled();
    }
  };
  [[nodiscard]] schedule_awaiter schedule() noexcept { return schedule_awaiter{this}; }

  /// Calls fn(x) for every x in [first, last) across the workers and the calling thread, and
  /// returns when all calls have returned; the first exception is rethrown. The bounds are
  /// integers (fn gets each integer) or iterators (fn gets each element). Safe to call from a
  /// worker of the same pool (the caller works through the range itself). If the pool is
  /// shutting down and refuses helpers, the calling thread does the rest of the range: no call
  /// of fn ever runs after parallel_for has returned or thrown.
  template <class I, class F> void parallel_for(I first, I last, F &&fn) {
    using diff_t = std::ptrdiff_t;
    diff_t n;
    if constexpr (std::is_integral_v<I>)
      n = last > first ? static_cast<diff_t>(last - first) : 0;
    else
      n = static_cast<diff_t>(std::distance(first, last));
    if (n <= 0)
      return;
    struct shared {
      std::atomic<diff_t> next{0};
      std::atomic<diff_t> finished{0};
      diff_t chunks = 0, chunk = 0, n = 0;
      std::mutex mx;
      std::exception_ptr error;
      std::condition_variable cv;
    };
    auto s = std::make_shared<shared>();
    s->n = n;
    s->chunks = std::min<diff_t>(n, static_cast<diff_t>(size() * 4));
    s->chunk = (n + s->chunks - 1) / s->chunks;
    s->chunks = (n + s->chunk - 1) / s->chunk;
    auto run_chunks = [s, first, &fn]() {
      for (;;) {
        diff_t c = s->next.fetch_add(1, std::memory_order_relaxed);
        if (c >= s->chunks)
          return;
        diff_t begin = c * s->chunk, end = std::min(s->n, begin + s->chunk);
        try {
          for (diff_t i = begin; i < end; ++i) {
            if constexpr (std::is_integral_v<I>)
              fn(static_cast<I>(first + static_cast<I>(i)));
            else
              fn(*std::next(first, i));
          }
        } catch (...) {
          std::lock_guard lk(s->mx);
          if (!s->error)
            s->error = std::current_exception();
        }
        if (s->finished.fetch_add(1, std::memory_order_acq_rel) + 1 == s->chunks) {
          std::lock_guard lk(s->mx);
          s->cv.notify_all();
        }
      }
    };
    // Helpers that start late find no chunk left; `fn` is only touched while chunks remain,
    // and the caller waits for every chunk (also when the pool refuses a helper: a helper
    // queued before the refusal may still run, during the pool's drain), so capturing it by
    // reference is safe.
    const std::size_t helpers = std::min<std::size_t>(size(), static_cast<std::size_t>(s->chunks));
    try {
      for (std::size_t i = 0; i < helpers; ++i)
        enqueue(detail::callback(run_chunks));
    } catch (...) { // shut down (or out of memory): the caller does the rest
    }
    run_chunks();
    std::unique_lock lk(s->mx);
    s->cv.wait(lk, [&] { return s->finished.load(std::memory_order_acquire) == s->chunks; });
    if (s->error)
      std::rethrow_exception(s->error);
  }

  /// Stops accepting work from outside, finishes what is queued, joins the workers.
  /// Idempotent, and safe to call from several threads at once (each returns once the workers
  /// are joined); must not be called from one of the pool's own workers.
  void shutdown() {
    if (on_worker_thread())
      throw std::logic_error("concur::thread_pool::shutdown called from its own worker");
    detail::perturb_point();
    if (!inject_.close()) {
      // Under the sleep mutex: a worker checks for shutdown under it before it parks.
      std::lock_guard lk(sleep_mx_);
      for (worker *w : sleepers_) {
        w->parked.set(worker::shut_down);
        w->parked.wake();
      }
      sleepers_.clear();
    }
    std::lock_guard lk(join_mx_); // std::thread::join is not safe to call twice at once
    join_all();
  }

  // Machinery for awaitables: queue a unit of work.
  void enqueue(detail::callback job) {
    detail::perturb_point();
    auto &cw = current_worker_;
    if (cw.pool == this) {
      worker &w = *workers_[cw.index];
      std::lock_guard lk(w.lock);
      w.queue.push_back(std::move(job));
      w.size.store(w.queue.size(), std::memory_order_relaxed);
    } else if (!inject_.push(std::move(job))) {
      throw std::runtime_error("concur::thread_pool: work submitted after shutdown");
    }
    work_published();
  }

private:
  // How work reaches an idle worker. A thread that makes work visible (a push, or a worker
  // leaving work behind in a queue) then reads the idle counts below after a fence; a worker
  // that stops looking for work (to run a job it found, or to sleep) changes the counts with a
  // sequentially consistent read-modify-write, then looks again (with sequentially consistent
  // loads). So one of the two always sees the other: the worker finds the work, or the
  // publisher sees nobody looking and wakes a sleeper.
  // A publisher wakes no one while some worker is looking (a futex wake costs microseconds,
  // and the looker will take the work), and a woken worker counts as looking from the moment
  // it is chosen, so a burst of submissions wakes one worker, not one per job.
  // A worker that takes a job and leaves work behind publishes too: a long job never hides
  // queued work from workers that sleep.
  struct idle_counts {
    static constexpr std::uint32_t looker = 1, sleeper = 1u << 16;
    static std::uint32_t lookers(std::uint32_t v) { return v & 0xffff; }
    static std::uint32_t sleepers(std::uint32_t v) { return v >> 16; }
  };

  struct alignas(64) worker {
    explicit worker(unsigned cpus) : spin(std::chrono::microseconds(50), cpus) {}
    detail::spin_lock lock;
    detail::ring_queue<detail::callback> queue;
    std::atomic<std::size_t> size{0}; // queue.size(), readable without the lock
    std::thread thread;
    detail::spin_budget spin; // this worker's own: only its thread touches it
    // Where it sleeps: asleep while on sleepers_, chosen by wake_one() (which counted it as
    // looking), shut_down when the pool closes; reset to awake under sleep_mx_.
    enum : std::uint32_t { awake, asleep, chosen, shut_down };
    detail::parking_word parked;
  };
  struct worker_id {
    thread_pool *pool;
    std::size_t index;
  };
  static inline constinit thread_local worker_id current_worker_{nullptr, 0};
  // Jobs a worker moves from the injection queue to its own queue at once, at most.
  static constexpr std::size_t max_batch = 32;

  void join_all() {
    for (auto &w : workers_)
      if (w->thread.joinable() && w->thread.get_id() != std::this_thread::get_id())
        w->thread.join();
  }

  void work_published() {
    std::uint32_t v = idle_after_fence();
    if (idle_counts::lookers(v) == 0 && idle_counts::sleepers(v) > 0)
      wake_one();
  }

  // ThreadSanitizer does not model fences (and warns about them in every program that includes
  // this header), so under it a read-modify-write of the counts takes the fence's place: as
  // correct, but slower, since it writes a cache line the workers read.
  std::uint32_t idle_after_fence() {
#if CONCUR_DETAIL_TSAN
    return idle_.fetch_add(0, std::memory_order_seq_cst);
#else
    std::atomic_thread_fence(std::memory_order_seq_cst);
    return idle_.load(std::memory_order_relaxed);
#endif
  }

  void wake_one() {
    worker *chosen;
    {
      std::lock_guard lk(sleep_mx_);
      // Checked again under the mutex, so that publishers racing here wake one worker between
      // them. The chosen worker counts as looking from now on.
      std::uint32_t v = idle_.load(std::memory_order_relaxed);
      if (idle_counts::lookers(v) != 0 || idle_counts::sleepers(v) == 0 || sleepers_.empty())
        return;
      idle_.fetch_add(idle_counts::looker - idle_counts::sleeper, std::memory_order_seq_cst);
      // The last to park: its stack and caches are the warmest, and the others sleep on.
      chosen = sleepers_.back();
      sleepers_.pop_back();
      chosen->parked.set(worker::chosen);
    }
    chosen->parked.wake(); // outside the lock: it wakes to a free mutex
  }

  bool has_work() {
    if (inject_.nonempty())
      return true;
    for (auto &w : workers_)
      if (w->size.load(std::memory_order_seq_cst) > 0)
        return true;
    return false;
  }

  // The next job for worker `self`: the oldest of its own queue, else a share of the injection
  // queue (taking its lock once per batch; the rest of the batch goes to the worker's own
  // queue, where others can steal it), else the newest job of another worker. `left_behind`
  // says whether the queue it came from still holds work.
  bool try_take(std::size_t self, detail::callback &out, bool &left_behind) {
    worker &me = *workers_[self];
    if (me.size.load(std::memory_order_seq_cst) > 0) {
      std::lock_guard lk(me.lock);
      if (!me.queue.empty()) {
        out = me.queue.pop_front();
        me.size.store(me.queue.size(), std::memory_order_relaxed);
        left_behind = !me.queue.empty();
        return true;
      }
    }
    const std::size_t want = std::max<std::size_t>(max_batch / workers_.size(), 1);
    bool first = true, more_injected = false;
    std::unique_lock<detail::spin_lock> mine(me.lock, std::defer_lock);
    std::size_t n = inject_.pop_batch(
        want,
        [&](detail::callback &&job) {
          if (first) {
            out = std::move(job);
            first = false;
            return;
          }
          if (!mine.owns_lock())
            mine.lock();
          me.queue.push_back(std::move(job));
        },
        more_injected);
    if (mine.owns_lock()) {
      me.size.store(me.queue.size(), std::memory_order_relaxed);
      mine.unlock();
    }
    if (n > 0) {
      left_behind = n > 1 || more_injected;
      return true;
    }
    for (std::size_t k = 1; k < workers_.size(); ++k) {
      worker &victim = *workers_[(self + k) % workers_.size()];
      if (victim.size.load(std::memory_order_seq_cst) == 0)
        continue;
      std::lock_guard lk(victim.lock);
      if (!victim.queue.empty()) {
        out = victim.queue.pop_back();
        victim.size.store(victim.queue.size(), std::memory_order_relaxed);
        left_behind = !victim.queue.empty();
        return true;
      }
    }
    return false;
  }

  void work(std::size_t self) {
    current_worker_ = {this, self};
    detail::callback job;
    bool looking = false; // counted in idle_ as a looker
    for (;;) {
      bool left_behind = false;
      if (try_take(self, job, left_behind)) {
        if (looking) {
          // A publisher may have left its job to this worker while it was taking another one:
          // stop looking, then look once more and pass on what is there.
          looking = false;
          idle_.fetch_sub(idle_counts::looker, std::memory_order_seq_cst);
          left_behind = left_behind || has_work();
        }
        if (left_behind)
          work_published();
        job();
        job = detail::callback();
        continue;
      }
      if (!looking) {
        looking = true;
        idle_.fetch_add(idle_counts::looker, std::memory_order_seq_cst);
        continue; // look once more now that publishers can see this worker looking
      }
      // The only looker spins a little before sleeping: waking a thread through a futex
      // costs tens of microseconds on a virtual machine, and work often arrives right behind.
      // More spinners would only take the cores the work needs; so does any spinner with one
      // usable CPU (spin_budget).
      if (idle_counts::lookers(idle_.load(std::memory_order_relaxed)) == 1 &&
          detail::spin_for(workers_[self]->spin, [this] { return has_work(); }))
        continue;
      if (!sleep(self, looking))
        break;
    }
    current_worker_ = {nullptr, 0};
  }

  // Parks until chosen by wake_one() or the pool shuts down, unless work
  // showed up; returns false when the worker should exit (shut down with nothing left to do),
  // else it comes back looking.
  bool sleep(std::size_t self, bool &looking) {
    worker &me = *workers_[self];
    {
      std::lock_guard lk(sleep_mx_);
      idle_.fetch_add(idle_counts::sleeper - idle_counts::looker, std::memory_order_seq_cst);
      if (!has_work() && !inject_.closed()) {
        me.parked.set(worker::asleep);
        sleepers_.push_back(&me);
      }
    }
    me.parked.wait(worker::asleep); // returns at once when it never parked
    std::lock_guard lk(sleep_mx_);
    if (me.parked.load() == worker::chosen) {
      me.parked.set(worker::awake); // wake_one() already counted it as looking
      return true;
    }
    me.parked.set(worker::awake);
    idle_.fetch_add(idle_counts::looker - idle_counts::sleeper, std::memory_order_seq_cst);
    if (inject_.closed() && !has_work()) {
      idle_.fetch_sub(idle_counts::looker, std::memory_order_seq_cst);
      looking = false;
      return false;
    }
    return true;
  }

  std::vector<std::unique_ptr<worker>> workers_;
  detail::inject_queue inject_;
  std::mutex sleep_mx_;
  std::vector<worker *> sleepers_; // parked, last to park on top; under sleep_mx_
  std::mutex join_mx_;
  alignas(64) std::atomic<std::uint32_t> idle_{0};
};

} // namespace concur
