#pragma once
// concur::resume_on: move the awaiting coroutine to another executor, e.g. from the loop to a
// thread pool for a stretch of CPU work and back.

#include "concur/event_loop.hpp"
#include "concur/pool/thread_pool.hpp"

namespace concur {

/// An executor is anything with `schedule()` returning an awaitable that resumes the awaiting
/// coroutine on one of its threads: thread_pool and event_loop are executors.
///
/// Example:
/// ```cpp
/// static_assert(concur::executor<concur::thread_pool>);
/// ```
///
/// Cancellation: the executor's schedule() decides (both of ours throw concur::cancelled for a
/// task already cancelled).
///
/// Thread safety: as the executor's schedule().
///
/// Resumes on: one of the executor's threads.
template <class E>
concept executor = requires(E &e) { e.schedule(); };

/// `co_await concur::resume_on(pool)` moves the coroutine onto a pool worker;
/// `co_await concur::resume_on(loop)` moves it back to the loop thread.
///
/// Example:
/// ```cpp
/// co_await concur::resume_on(pool); auto digest = sha256(blob);
/// co_await concur::resume_on(loop); co_await conn.write_all(digest);
/// ```
///
/// Cancellation: a task already cancelled gets concur::cancelled instead of hopping; one
/// cancelled after the hop was queued hops anyway and sees it at its next suspension point.
///
/// Thread safety: code after the hop runs on the other executor's thread: use loop-owned
/// objects (sockets, join handles) only after hopping back. The runtime's sync primitives,
/// sleep_for and to_thread work on a pool thread too; when they wait, they resume the task
/// on its loop.
///
/// Resumes on: the executor given (for a loop: its thread; on that thread already, after the
/// tasks queued before it).
template <executor E> [[nodiscard]] auto resume_on(E &e) noexcept(noexcept(e.schedule())) {
  return e.schedule();
}

} // namespace concur
