#pragma once
// concur::spawn: start a task on the loop running on this thread (asyncio.create_task).

#include <stdexcept>

#include "concur/event_loop.hpp"
#include "concur/task/join_handle.hpp"
#include "concur/task/task.hpp"

namespace concur {

/// Spawns t on the event loop of the calling thread. Throws std::logic_error if no loop runs
/// here.
template <class T> join_handle<T> spawn(task<T> t, const char *name = nullptr) {
  auto *loop = event_loop::current();
  if (!loop)
    throw std::logic_error("concur::spawn: no event loop runs on this thread");
  return loop->spawn(std::move(t), name);
}

} // namespace concur
