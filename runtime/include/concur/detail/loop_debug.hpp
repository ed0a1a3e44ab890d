#pragma once
// The event loop's debug mode (CONCUR_DEBUG=1, or event_loop::options::debug): the defaults
// it reads from the environment, and the reports it makes. A task step that runs longer than
// the threshold without yielding is the run-time half of concur-blocking-call-in-coroutine,
// so the report names the task and the suspension point it last resumed from.

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <string_view>

#include "concur/detail/promise_base.hpp"

namespace concur::detail {

/// Where reports go; stderr when empty.
using report_sink = std::function<void(std::string_view)>;

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

/// Never throws: a report must not take the loop down.
inline void send_report(const report_sink &sink, const std::string &msg) noexcept {
  try {
    if (sink)
      sink(msg);
    else
      std::fprintf(stderr, "%s\n", msg.c_str());
  } catch (...) {
  }
}

/// A step of the ready queue ran for `took` without yielding: the step of the task rooted at
/// `root`, or a callback when root is null.
inline std::string stall_report(const promise_base *root, std::chrono::milliseconds took,
                                std::chrono::milliseconds threshold) {
  std::string msg = "concur: debug: ";
  if (root) {
    const auto w = root->where();
    msg += "task '";
    msg += root->name() ? root->name() : "task";
    msg += "' ran for " + std::to_string(took.count()) + " ms without yielding (threshold " +
           std::to_string(threshold.count()) + " ms); it last resumed at ";
    if (w.line() != 0) {
      msg += w.file_name();
      msg += ":" + std::to_string(w.line()) + " in ";
      msg += w.function_name();
    } else {
      msg += "its start";
    }
  } else {
    msg += "a callback ran for " + std::to_string(took.count()) +
           " ms without yielding (threshold " + std::to_string(threshold.count()) + " ms)";
  }
  return msg;
}

/// The loop's destructor freed a task whose join_handle lives on (and was emptied).
inline std::string outliving_handle_report(const char *task_name) {
  return std::string("concur: debug: the join_handle of task '") + task_name +
         "' outlives its event loop; the task is destroyed and the handle emptied";
}

} // namespace concur::detail
