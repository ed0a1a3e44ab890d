#pragma once
// concur::worker_crashed: the error a process_pool job gets when its worker process died while
// running it (a crash stays with its job).

#include <sys/types.h>
#include <sys/wait.h>

#include <stdexcept>
#include <string>

#include "concur/detail/process_worker.hpp"

namespace concur {

/// A job's worker process died (a signal such as SIGSEGV or SIGKILL, or an unexpected exit)
/// while running it. Only that job fails; the pool starts a new worker.
///
/// Example:
/// ```cpp
/// try { co_await pool.run(parse, blob); }
/// catch (const concur::worker_crashed &e) {
///   log(e.what()); // "... worker process 4242 was killed by SIGSEGV while running the job"
/// }
/// ```
///
/// Cancellation: not a suspension point.
///
/// Thread safety: an ordinary exception object.
///
/// Resumes on: not an awaitable.
class worker_crashed : public std::runtime_error {
public:
  /// wait_status as from waitpid; status_known false when nobody could reap the worker (the
  /// fork server, its parent, is gone), so how it ended is not known.
  worker_crashed(pid_t pid, int wait_status, bool status_known = true)
      : std::runtime_error(describe(pid, wait_status, status_known)), pid_(pid),
        status_(wait_status), known_(status_known) {}
  pid_t pid() const noexcept { return pid_; }
  /// The signal that killed the worker, or 0 if it exited (or its status is unknown).
  int signal() const noexcept { return known_ && WIFSIGNALED(status_) ? WTERMSIG(status_) : 0; }
  /// The worker's exit code, or -1 if a signal killed it (or its status is unknown).
  int exit_code() const noexcept {
    return known_ && WIFEXITED(status_) ? WEXITSTATUS(status_) : -1;
  }
  /// False when the worker's end could not be observed (see the constructor).
  bool status_known() const noexcept { return known_; }

private:
  static std::string describe(pid_t pid, int st, bool known) {
    std::string s = "concur::worker_crashed: worker process " + std::to_string(pid);
    if (!known) {
      s += " ended (its exit status is unknown: the fork server is gone)";
    } else if (WIFSIGNALED(st)) {
      const char *name = detail::signal_name(WTERMSIG(st));
      s += " was killed by ";
      s += name ? std::string(name) : "signal " + std::to_string(WTERMSIG(st));
    } else if (WIFEXITED(st)) {
      s += " exited with status " + std::to_string(WEXITSTATUS(st));
    } else {
      s += " ended";
    }
    return s + " while running the job";
  }
  pid_t pid_;
  int status_;
  bool known_;
};

} // namespace concur
