#pragma once
// concur::run: asyncio.run for C++: make a loop, run a task to completion, tear the loop down.

#include <utility>

#include "concur/event_loop.hpp"
#include "concur/task/task.hpp"

namespace concur {

/// Runs t on a new event loop until it finishes and returns its result (or rethrows its
/// exception). Tasks it spawned and left running are cancelled and freed on return.
template <class T> T run(task<T> t, event_loop::options opts = {}) {
  event_loop loop(std::move(opts));
  return loop.run_until_complete(std::move(t));
}

} // namespace concur
