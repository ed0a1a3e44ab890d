#pragma once
// concur::run: the entry point of an async program (asyncio.run): make a loop, run a task to
// completion on it, tear the loop down.

#include <utility>

#include "concur/event_loop.hpp"
#include "concur/task/task.hpp"

namespace concur {

/// Runs t on a new event loop until it finishes and returns its result (or rethrows its
/// exception). Tasks it spawned and left running are freed on return (their frames are
/// destroyed, see ~event_loop). Throws std::logic_error when a loop already runs on this
/// thread, and when t's loop is stopped (event_loop::stop) before t finished.
///
/// Example:
/// ```cpp
/// int main() { return concur::run(main_task()); }
/// ```
///
/// Cancellation: t cannot be cancelled from outside. Tasks left running when t returns do not
/// see concur::cancelled: they are destroyed without resuming, which runs their locals'
/// destructors. Offloaded calls still running are waited for first; to_thread calls still
/// queued never start.
///
/// Thread safety: any thread on which no loop runs; it blocks that thread until t is done.
///
/// Resumes on: not an awaitable; returns on the calling thread.
template <class T> T run(task<T> t, event_loop::options opts = {}) {
  event_loop loop(std::move(opts));
  return loop.run_until_complete(std::move(t));
}

} // namespace concur
