#pragma once
// concur::resume_on: continue the awaiting coroutine on another executor.

#include "concur/event_loop.hpp"
#include "concur/pool/thread_pool.hpp"

namespace concur {

/// An executor is anything with `schedule()` returning an awaitable that resumes the awaiting
/// coroutine on one of its threads: thread_pool and event_loop are executors.
template <class E>
concept executor = requires(E &e) { e.schedule(); };

/// `co_await concur::resume_on(pool)` moves the coroutine onto a pool worker;
/// `co_await concur::resume_on(loop)` moves it back to the loop thread.
template <executor E> [[nodiscard]] auto resume_on(E &e) noexcept(noexcept(e.schedule())) {
  return e.schedule();
}

} // namespace concur
