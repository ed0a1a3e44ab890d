#pragma once
// concur::process_pool: worker processes for CPU-bound work that calls thread-unsafe code or
// must survive a crash (Python's ProcessPoolExecutor). Linux only.
//
// The rule about fork: the constructor forks one fork server (the "zygote") and every worker
// is forked from it, never from the parent again. A worker is therefore a copy of the program
// as it was when the pool was constructed, and the threads the program starts later never
// exist in it. Construct the pool early (in main, before starting threads) and a worker is as
// safe as a single-threaded fork: a lock another thread held at construction would stay held
// in every worker. Workers inherit stdin, stdout and stderr only; functions must live in code
// loaded before the pool was constructed (a worker runs the same binary, no exec).

#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <coroutine>
#include <cstdint>
#include <deque>
#include <exception>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <thread>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "concur/detail/process_job.hpp"
#include "concur/detail/process_request.hpp"
#include "concur/detail/process_run_awaiter.hpp"
#include "concur/detail/process_worker.hpp"
#include "concur/detail/sanitizers.hpp"
#include "concur/event_loop.hpp"
#include "concur/pool/process_codec.hpp"
#include "concur/pool/remote_error.hpp"
#include "concur/pool/worker_crashed.hpp"
#include "concur/time/timeout.hpp"

namespace concur {

/// A fixed number of worker processes running plain functions:
/// `pool.submit(fn, args...)` → std::future, `co_await pool.run(fn, args...)` from a task.
/// Arguments and results are copied across the process boundary by concur::process_codec.
/// fn is a function pointer or a non-generic lambda without captures. Each failure stays with
/// its job: an exception fn throws arrives as remote_error, a worker's death as worker_crashed
/// (the pool starts a replacement), an overrun of submit_for/run_for as timeout_error.
///
/// Example:
/// ```cpp
/// report analyse(const std::string &path, int depth); // may crash on bad input
///
/// int main() {
///   concur::process_pool pool; // before any thread starts
///   auto f = pool.submit_for(30s, analyse, "a.bin", 3);
///   concur::run([&]() -> concur::task<void> {
///     report r = co_await pool.run(analyse, "b.bin", 1);
///   }());
/// }
/// ```
///
/// Cancellation: a task already cancelled gets concur::cancelled from run() and queues
/// nothing. A job queued or running is not withdrawn: the task resumes with its result when
/// it finishes and sees the cancellation at its next suspension point; run_for/submit_for are
/// the way to bound a job. The task's loop, when destroyed, waits for the jobs its tasks have
/// in the pool, queued or running.
///
/// Thread safety: every public member from any thread. shutdown() waits for every queued job.
/// fn runs in another process: it sees the program's memory as it was when the pool was
/// constructed, and its writes stay there.
///
/// Resumes on: `co_await pool.run(...)` continues on the task's loop thread (awaiting it
/// outside a loop throws std::logic_error: use submit there).
class process_pool {
public:
  static std::size_t default_workers() noexcept {
    return std::max(1u, std::thread::hardware_concurrency());
  }

  /// Forks the fork server and `workers` worker processes; throws std::system_error on failure.
  explicit process_pool(std::size_t workers = default_workers()) {
    workers = std::max<std::size_t>(workers, 1);
    int sv[2];
    if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
      throw std::system_error(errno, std::system_category(), "concur::process_pool: socketpair");
    wake_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (wake_fd_ < 0) {
      int e = errno;
      ::close(sv[0]);
      ::close(sv[1]);
      throw std::system_error(e, std::system_category(), "concur::process_pool: eventfd");
    }
    pid_t pid = ::fork();
    if (pid == 0) {
      ::close(sv[0]);
      detail::zygote_main(sv[1]);
    }
    ::close(sv[1]);
    if (pid < 0) {
      int e = errno;
      ::close(sv[0]);
      ::close(wake_fd_);
      throw std::system_error(e, std::system_category(), "concur::process_pool: fork");
    }
    ctl_ = sv[0];
    zygote_ = pid;
    workers_.resize(workers);
    pids_.assign(workers, -1);
    for (auto &w : workers_) {
      if (int err = spawn(w)) {
        stop_processes();
        ::close(wake_fd_);
        throw std::system_error(err, std::system_category(),
                                "concur::process_pool: starting a worker");
      }
    }
    manager_ = std::thread([this] { manage(); });
  }

  process_pool(const process_pool &) = delete;
  process_pool &operator=(const process_pool &) = delete;

  /// Finishes the queued work, then stops the workers and reaps every child process.
  ~process_pool() { shutdown(); }

  std::size_t size() const noexcept { return workers_.size(); }

  /// The process ids of the workers running now (a replaced worker has a new one; a slot whose
  /// replacement is still starting is left out, so every id returned is positive).
  std::vector<pid_t> worker_pids() const {
    std::lock_guard lk(mx_);
    std::vector<pid_t> live;
    for (pid_t p : pids_)
      if (p > 0)
        live.push_back(p);
    return live;
  }

  /// How many workers have been replaced after a crash, a kill or a timeout.
  std::size_t replaced_workers() const {
    std::lock_guard lk(mx_);
    return replaced_;
  }

  /// Runs fn(args...) in a worker; the future carries the result, or remote_error,
  /// worker_crashed, codec_error. Throws std::runtime_error after shutdown().
  template <class F, class... A> auto submit(F fn, A &&...args) {
    return submit_for(std::chrono::nanoseconds(0), fn, std::forward<A>(args)...);
  }

  /// As submit, with a deadline counted from the moment a worker starts the job: when it passes,
  /// the worker is killed and replaced and the future gets concur::timeout_error.
  /// A zero duration means no deadline.
  template <class Rep, class Period, class F, class... A>
  auto submit_for(std::chrono::duration<Rep, Period> limit, F fn, A &&...args) {
    auto fp = detail::as_function_pointer(fn);
    using R = typename detail::process_fn_traits<decltype(fp)>::result;
    auto job = std::make_unique<detail::future_job<R>>();
    job->request = detail::encode_request(fp, std::forward<A>(args)...);
    job->timeout = std::chrono::duration_cast<std::chrono::nanoseconds>(limit);
    auto future = job->promise.get_future();
    enqueue(std::move(job));
    return future;
  }

  /// `co_await pool.run(fn, args...)`: runs fn in a worker and resumes the task on its loop
  /// thread with the result or exception.
  template <class F, class... A> [[nodiscard]] auto run(F fn, A &&...args) {
    return run_for(std::chrono::nanoseconds(0), fn, std::forward<A>(args)...);
  }

  /// `co_await pool.run_for(limit, fn, args...)`: run with a deadline (see submit_for).
  template <class Rep, class Period, class F, class... A>
  [[nodiscard]] auto run_for(std::chrono::duration<Rep, Period> limit, F fn, A &&...args) {
    auto fp = detail::as_function_pointer(fn);
    using R = typename detail::process_fn_traits<decltype(fp)>::result;
    return detail::process_run_awaiter<R, process_pool>(
        this, detail::encode_request(fp, std::forward<A>(args)...),
        std::chrono::duration_cast<std::chrono::nanoseconds>(limit));
  }

  /// Stops accepting work, finishes what is queued, ends the workers and the fork server and
  /// reaps them. Idempotent; also the destructor.
  void shutdown() {
    {
      std::lock_guard lk(mx_);
      stopping_ = true;
    }
    wake();
    std::lock_guard lk(shutdown_mx_);
    if (manager_.joinable()) {
      manager_.join();
      stop_processes();
      std::lock_guard plk(mx_);
      parked_.clear();
      ::close(wake_fd_);
      wake_fd_ = -1;
    }
  }

  /// The fork server's process id (diagnostics and tests).
  pid_t fork_server_pid() const noexcept { return zygote_; }

  // Machinery for the awaiter: queue a job.
  void enqueue(std::unique_ptr<detail::process_job> job) {
    {
      std::lock_guard lk(mx_);
      if (stopping_)
        throw std::runtime_error("concur::process_pool: work submitted after shutdown");
      // Without the fork server no worker can be replaced, but the live ones still work.
      if (broken_ && std::none_of(pids_.begin(), pids_.end(), [](pid_t p) { return p > 0; }))
        throw std::runtime_error("concur::process_pool: the fork server is gone; no worker "
                                 "can be started");
      queue_.push_back(std::move(job));
    }
    wake();
  }

private:
  using clock = std::chrono::steady_clock;

  struct worker {
    pid_t pid = -1;
    int fd = -1;
    std::unique_ptr<detail::process_job> job; // running on it, if any
    clock::time_point deadline = clock::time_point::max();
  };

  void wake() noexcept {
    std::uint64_t one = 1;
    [[maybe_unused]] auto r = ::write(wake_fd_, &one, sizeof one);
  }

  // Asks the fork server for a worker; 0 or an errno. Manager thread (or the constructor).
  int spawn(worker &w) {
    detail::zygote_msg reply;
    int fd = -1;
    if (!call_zygote({detail::zygote_spawn}, reply, &fd)) {
      std::lock_guard lk(mx_);
      broken_ = true;
      return EPIPE;
    }
    if (reply.pid < 0 || fd < 0) {
      if (fd >= 0)
        ::close(fd);
      return reply.err ? reply.err : EAGAIN;
    }
    w.pid = reply.pid;
    w.fd = fd;
    std::lock_guard lk(mx_);
    pids_[static_cast<std::size_t>(&w - workers_.data())] = w.pid;
    return 0;
  }

  // One request to the fork server and its reply. Notices of ended workers that arrive in
  // between are kept for the manager (deaths_). False when the fork server is gone.
  bool call_zygote(const detail::zygote_msg &req, detail::zygote_msg &reply, int *fd = nullptr) {
    if (broken() || !detail::send_msg(ctl_, req))
      return mark_broken();
    for (;;) {
      if (!detail::recv_msg(ctl_, reply, fd))
        return mark_broken();
      if (reply.op != detail::zygote_died)
        return true;
      deaths_.push_back(reply.pid);
    }
  }
  bool broken() const {
    std::lock_guard lk(mx_);
    return broken_;
  }
  bool mark_broken() {
    std::lock_guard lk(mx_);
    broken_ = true;
    return false;
  }

  // Kills (if still running) and reaps a worker through the fork server. Returns its wait
  // status, or nullopt when the fork server is gone and nobody can tell how the worker ended.
  // Asking for a kill is safe for a worker that already died: the fork server answers with
  // the status it reaped and signals nothing.
  std::optional<int> reap(pid_t pid) {
    if (pid <= 0) // never let kill(0 or -1, ...) reach a process group or every process
      return 0;
    detail::zygote_msg reply;
    if (!call_zygote({detail::zygote_kill, pid}, reply))
      return std::nullopt;
    return reply.status;
  }

  // The worker is gone or must go: fail its job (if any) with `error`, forget it.
  void retire(worker &w) {
    std::erase(deaths_, w.pid); // a notice about it that came in meanwhile is stale now
    ::close(w.fd);
    w.fd = -1;
    w.pid = -1;
    w.deadline = clock::time_point::max();
    std::lock_guard lk(mx_);
    pids_[static_cast<std::size_t>(&w - workers_.data())] = -1;
    ++replaced_;
  }

  // The worker died, closed its socket, or the fork server reported its end. A worker that
  // merely closed its socket is still running its job: it is killed, so that reaping it does
  // not wait for the job.
  void on_death(worker &w) {
    pid_t pid = w.pid;
    auto st = reap(pid);
    auto job = std::move(w.job);
    retire(w);
    if (job)
      finish_failed(std::move(job),
                    std::make_exception_ptr(worker_crashed(pid, st.value_or(0), st.has_value())));
  }

  void on_timeout(worker &w) {
    if (!reap(w.pid) && w.pid > 0)
      ::kill(w.pid, SIGKILL); // no fork server; its socket is open, so the pid is still its own
    auto job = std::move(w.job);
    retire(w);
    if (job)
      finish_failed(std::move(job), std::make_exception_ptr(timeout_error()));
  }

  void on_readable(worker &w) {
    detail::wire_header h;
    if (!detail::recv_all(w.fd, &h, sizeof h) || !w.job)
      return on_death(w); // an idle worker only becomes readable by ending
    std::string payload(h.len, '\0');
    if (h.len && !detail::recv_all(w.fd, payload.data(), h.len))
      return on_death(w);
    auto job = std::move(w.job);
    w.deadline = clock::time_point::max();
    if (h.a == 0) {
      job->succeed(payload);
      if (job->failed)
        park(std::move(job));
    } else {
      auto nul = payload.find('\0');
      std::string type = payload.substr(0, nul);
      std::string message = nul == std::string::npos ? std::string() : payload.substr(nul + 1);
      finish_failed(std::move(job),
                    std::make_exception_ptr(remote_error(std::move(type), message)));
    }
  }

  void finish_failed(std::unique_ptr<detail::process_job> job, std::exception_ptr e) {
    job->fail(std::move(e));
    park(std::move(job));
  }

  // A failed future job's promise shares the exception with the waiting thread. libstdc++
  // counts references to exceptions in code ThreadSanitizer does not see, so if this thread
  // dropped the last one, TSan would report the waiter's reads of the exception as racing with
  // its deletion. Under TSan, failed jobs are kept until shutdown (after the join), so the last
  // reference always goes on the waiting side; elsewhere they go at once.
  void park([[maybe_unused]] std::unique_ptr<detail::process_job> job) {
#if CONCUR_DETAIL_TSAN
    job->request = std::string();
    std::lock_guard lk(mx_);
    parked_.push_back(std::move(job));
#endif
  }

  // Hands queued jobs to idle workers.
  void dispatch() {
    for (auto &w : workers_) {
      if (w.fd < 0 || w.job)
        continue;
      std::unique_ptr<detail::process_job> job;
      {
        std::lock_guard lk(mx_);
        if (queue_.empty())
          return;
        job = std::move(queue_.front());
        queue_.pop_front();
      }
      if (!detail::send_all(w.fd, job->request.data(), job->request.size())) {
        // It died while idle: the job never started, so it goes back to the front.
        {
          std::lock_guard lk(mx_);
          queue_.push_front(std::move(job));
        }
        on_death(w);
        continue;
      }
      w.deadline = job->timeout.count() > 0
                       ? clock::now() + std::chrono::duration_cast<clock::duration>(job->timeout)
                       : clock::time_point::max();
      w.job = std::move(job);
    }
  }

  void fail_queued(const char *why) {
    std::deque<std::unique_ptr<detail::process_job>> jobs;
    {
      std::lock_guard lk(mx_);
      jobs.swap(queue_);
    }
    for (auto &j : jobs)
      finish_failed(std::move(j), std::make_exception_ptr(std::runtime_error(why)));
  }

  void manage() {
    std::vector<pollfd> fds;
    std::vector<worker *> polled;
    for (;;) {
      for (auto &w : workers_)
        if (w.fd < 0) {
          bool broken;
          {
            std::lock_guard lk(mx_);
            broken = broken_;
          }
          if (!broken)
            spawn(w);
        }
      dispatch();
      bool busy = false, missing = false, any_live = false;
      auto next_deadline = clock::time_point::max();
      for (auto &w : workers_) {
        busy |= w.job != nullptr;
        missing |= w.fd < 0;
        any_live |= w.fd >= 0;
        next_deadline = std::min(next_deadline, w.deadline);
      }
      {
        std::unique_lock lk(mx_);
        if (!any_live && broken_) {
          lk.unlock();
          fail_queued("concur::process_pool: the fork server is gone; no worker can be started");
          lk.lock();
        }
        if (stopping_ && queue_.empty() && !busy)
          break;
      }
      fds.clear();
      polled.clear();
      fds.push_back({wake_fd_, POLLIN, 0});
      const bool watch_zygote = !broken();
      fds.push_back({watch_zygote ? ctl_ : -1, POLLIN, 0}); // poll ignores a negative fd
      for (auto &w : workers_)
        if (w.fd >= 0) {
          fds.push_back({w.fd, POLLIN, 0});
          polled.push_back(&w);
        }
      int timeout_ms = -1;
      if (next_deadline != clock::time_point::max()) {
        auto left = std::chrono::ceil<std::chrono::milliseconds>(next_deadline - clock::now());
        timeout_ms = static_cast<int>(std::clamp<long long>(left.count(), 0, 60'000));
      }
      if (missing) // a worker could not be started (fork failed): try again soon
        timeout_ms = timeout_ms < 0 ? 100 : std::min(timeout_ms, 100);
      if (!deaths_.empty())
        timeout_ms = 0;
      int n = ::poll(fds.data(), fds.size(), timeout_ms);
      if (n < 0 && errno != EINTR)
        throw std::system_error(errno, std::system_category(), "concur::process_pool: poll");
      if (n > 0) {
        if (fds[0].revents) {
          std::uint64_t v;
          [[maybe_unused]] auto r = ::read(wake_fd_, &v, sizeof v);
        }
        if (fds[1].revents) {
          detail::zygote_msg m;
          if (!detail::recv_msg(ctl_, m))
            mark_broken();
          else if (m.op == detail::zygote_died)
            deaths_.push_back(m.pid);
        }
        for (std::size_t i = 2; i < fds.size(); ++i)
          if (fds[i].revents && polled[i - 2]->fd >= 0)
            on_readable(*polled[i - 2]);
      }
      // Workers the fork server saw end (their socket may still be open in a process they
      // forked): fail their jobs now.
      while (!deaths_.empty()) {
        pid_t pid = deaths_.back();
        deaths_.pop_back();
        for (auto &w : workers_)
          if (w.pid == pid && w.fd >= 0)
            on_death(w);
      }
      auto now = clock::now();
      for (auto &w : workers_)
        if (w.fd >= 0 && w.job && w.deadline <= now)
          on_timeout(w);
    }
    // Closing a worker's socket is its signal to exit; the fork server then reaps them all.
    for (auto &w : workers_)
      if (w.fd >= 0) {
        ::close(w.fd);
        w.fd = -1;
      }
  }

  // Ends the fork server (which first reaps every worker) and reaps it.
  void stop_processes() {
    for (auto &w : workers_)
      if (w.fd >= 0) {
        ::close(w.fd);
        w.fd = -1;
      }
    if (ctl_ >= 0) {
      detail::send_msg(ctl_, {detail::zygote_quit});
      ::close(ctl_);
      ctl_ = -1;
    }
    if (zygote_ > 0) {
      int st;
      while (::waitpid(zygote_, &st, 0) < 0 && errno == EINTR) {
      }
      zygote_ = -1;
    }
    std::lock_guard lk(mx_);
    std::fill(pids_.begin(), pids_.end(), -1);
  }

  mutable std::mutex mx_; // guards queue_, stopping_, broken_, pids_, replaced_
  std::deque<std::unique_ptr<detail::process_job>> queue_;
  bool stopping_ = false;
  bool broken_ = false;
  std::vector<pid_t> pids_;
  std::size_t replaced_ = 0;
  std::vector<std::unique_ptr<detail::process_job>> parked_; // see park()

  std::vector<worker> workers_; // the manager thread's (the constructor's before it starts)
  std::vector<pid_t> deaths_;   // ended workers the fork server told us about (manager thread)
  int wake_fd_ = -1;
  int ctl_ = -1;
  pid_t zygote_ = -1;
  std::mutex shutdown_mx_;
  std::thread manager_;
};

} // namespace concur
