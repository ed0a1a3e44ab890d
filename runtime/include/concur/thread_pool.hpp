#pragma once
// concur::thread_pool: a work-stealing pool for CPU-bound work and blocking calls.

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <coroutine>
#include <cstdio>
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

#include "concur/cancelled.hpp"
#include "concur/detail/callback.hpp"
#include "concur/detail/promise_base.hpp"
#include "concur/detail/ring_queue.hpp"

namespace concur {

/// A fixed set of worker threads, each with its own queue, plus an injection queue for work
/// submitted from outside; idle workers steal from busy ones. Work submitted from a worker goes
/// to that worker's queue. shutdown() (and the destructor) finishes queued work, then joins.
class thread_pool {
public:
  static std::size_t default_threads() noexcept {
    return std::max(1u, std::thread::hardware_concurrency());
  }

  explicit thread_pool(std::size_t threads = default_threads()) {
    threads = std::max<std::size_t>(threads, 1);
    workers_.reserve(threads);
    for (std::size_t i = 0; i < threads; ++i)
      workers_.push_back(std::make_unique<worker>());
    for (std::size_t i = 0; i < threads; ++i)
      workers_[i]->thread = std::thread([this, i] { work(i); });
  }

  thread_pool(const thread_pool &) = delete;
  thread_pool &operator=(const thread_pool &) = delete;
  ~thread_pool() { shutdown(); }

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

  /// Calls fn(i) for every i in [first, last) across the workers and the calling thread, and
  /// returns when all calls have returned; the first exception is rethrown. Safe to call from a
  /// worker of the same pool (the caller works through the range itself).
  template <class I, class F> void parallel_for(I first, I last, F &&fn) {
    using diff_t = std::ptrdiff_t;
    const diff_t n = static_cast<diff_t>(std::distance(first, last));
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
          for (diff_t i = begin; i < end; ++i)
            fn(*std::next(first, i));
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
    // and the caller waits for every chunk, so capturing it by reference is safe.
    const std::size_t helpers = std::min<std::size_t>(size(), static_cast<std::size_t>(s->chunks));
    for (std::size_t i = 0; i < helpers; ++i)
      enqueue(detail::callback(run_chunks));
    run_chunks();
    std::unique_lock lk(s->mx);
    s->cv.wait(lk, [&] { return s->finished.load(std::memory_order_acquire) == s->chunks; });
    if (s->error)
      std::rethrow_exception(s->error);
  }

  /// Stops accepting work from outside, finishes what is queued, joins the workers.
  /// Idempotent; must not be called from one of the pool's own workers.
  void shutdown() {
    if (on_worker_thread())
      throw std::logic_error("concur::thread_pool::shutdown called from its own worker");
    {
      std::lock_guard lk(sleep_mx_);
      if (stopping_.exchange(true))
        return join_all();
      sleep_cv_.notify_all();
    }
    join_all();
  }

  // Machinery for awaitables: queue a unit of work.
  void enqueue(detail::callback job) {
    auto &cw = current_worker_;
    if (cw.pool == this) {
      worker &w = *workers_[cw.index];
      std::lock_guard lk(w.mx);
      w.queue.push_back(std::move(job));
    } else {
      std::lock_guard lk(inject_mx_);
      if (stopping_.load(std::memory_order_relaxed))
        throw std::runtime_error("concur::thread_pool: work submitted after shutdown");
      inject_.push_back(std::move(job));
    }
    queued_.fetch_add(1, std::memory_order_seq_cst);
    // A spinning worker will take it; waking a sleeper too would only cost a futex call.
    if (spinners_.load(std::memory_order_seq_cst) == 0 &&
        sleepers_.load(std::memory_order_seq_cst) > 0) {
      std::lock_guard lk(sleep_mx_);
      sleep_cv_.notify_one();
    }
  }

private:
  struct worker {
    std::mutex mx;
    detail::ring_queue<detail::callback> queue;
    std::thread thread;
  };
  struct worker_id {
    thread_pool *pool;
    std::size_t index;
  };
  static inline constinit thread_local worker_id current_worker_{nullptr, 0};

  void join_all() {
    for (auto &w : workers_)
      if (w->thread.joinable() && w->thread.get_id() != std::this_thread::get_id())
        w->thread.join();
  }

  bool try_take(std::size_t self, detail::callback &out) {
    worker &me = *workers_[self];
    {
      std::lock_guard lk(me.mx);
      if (!me.queue.empty()) {
        out = me.queue.pop_front();
        return true;
      }
    }
    {
      // Take a batch from the injection queue so that its lock is not taken per job.
      std::unique_lock lk(inject_mx_);
      if (!inject_.empty()) {
        out = inject_.pop_front();
        std::size_t batch = std::min<std::size_t>(inject_.size() / workers_.size(), 64);
        if (batch) {
          std::lock_guard lk2(me.mx);
          for (std::size_t i = 0; i < batch; ++i)
            me.queue.push_back(inject_.pop_front());
        }
        return true;
      }
    }
    for (std::size_t k = 1; k < workers_.size(); ++k) {
      worker &victim = *workers_[(self + k) % workers_.size()];
      std::lock_guard lk(victim.mx);
      if (!victim.queue.empty()) {
        out = victim.queue.pop_back();
        return true;
      }
    }
    return false;
  }

  void work(std::size_t self) {
    current_worker_ = {this, self};
    detail::callback job;
    for (;;) {
      if (try_take(self, job)) {
        queued_.fetch_sub(1, std::memory_order_relaxed);
        job();
        job = detail::callback();
        continue;
      }
      // One idle worker at a time spins a little before sleeping: waking a thread through a
      // futex costs tens of microseconds on a virtual machine, and work often arrives right
      // behind. More spinners would only steal the cores the work needs.
      if (spinners_.fetch_add(1, std::memory_order_seq_cst) == 0) {
        bool found = false;
        for (int i = 0; i < 4000 && !found; ++i) {
          if (queued_.load(std::memory_order_relaxed) > 0)
            found = true;
          else
            spin_pause();
        }
        spinners_.fetch_sub(1, std::memory_order_seq_cst);
        if (found)
          continue;
      } else {
        spinners_.fetch_sub(1, std::memory_order_seq_cst);
      }
      std::unique_lock lk(sleep_mx_);
      sleepers_.fetch_add(1, std::memory_order_seq_cst);
      while (queued_.load(std::memory_order_seq_cst) == 0 && !stopping_.load())
        sleep_cv_.wait(lk);
      sleepers_.fetch_sub(1, std::memory_order_seq_cst);
      if (stopping_.load() && queued_.load(std::memory_order_seq_cst) == 0)
        break;
    }
    current_worker_ = {nullptr, 0};
  }

  static void spin_pause() noexcept {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#else
    std::this_thread::yield();
#endif
  }

  std::vector<std::unique_ptr<worker>> workers_;
  std::mutex inject_mx_;
  detail::ring_queue<detail::callback> inject_;
  std::mutex sleep_mx_;
  std::condition_variable sleep_cv_;
  std::atomic<std::size_t> sleepers_{0};
  std::atomic<std::ptrdiff_t> queued_{0};
  std::atomic<int> spinners_{0};
  std::atomic<bool> stopping_{false};
};

} // namespace concur
