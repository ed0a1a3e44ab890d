#pragma once
// concur::spawn: start a task on the event loop running on this thread, to run concurrently
// with the caller (asyncio.create_task).

#include <stdexcept>

#include "concur/event_loop.hpp"
#include "concur/task/join_handle.hpp"
#include "concur/task/task.hpp"

namespace concur {

/// Spawns t on the event loop of the calling thread and returns its join_handle; t first runs
/// on the loop's next iteration. `name` (a string that outlives the task) appears in reports.
/// Throws std::logic_error if no loop runs on this thread.
///
/// Example:
/// ```cpp
/// auto h = concur::spawn(serve(std::move(conn)), "connection");
/// h.detach(); // runs on; an exception it ends with goes to the loop's handler
/// ```
///
/// Cancellation: not a suspension point. The new task is independent: cancelling the caller
/// does not cancel it (use the handle). A task cancelled before its first step never runs.
///
/// Thread safety: call it on a loop thread (a task on a pool thread has no loop there: hop
/// back with resume_on(loop) first).
///
/// Resumes on: not an awaitable; the new task runs on the loop thread.
template <class T> join_handle<T> spawn(task<T> t, const char *name = nullptr) {
  auto *loop = event_loop::current();
  if (!loop)
    throw std::logic_error("concur::spawn: no event loop runs on this thread");
  return loop->spawn(std::move(t), name);
}

} // namespace concur
