#pragma once
// concur::cancelled: the exception through which cancellation reaches a task, at its next
// suspension point.

#include <exception>

namespace concur {

/// Thrown inside a task at its next suspension point after the task was cancelled
/// (join_handle::cancel, a failing sibling in gather, the loser of when_any, a timeout).
/// It derives from std::exception only, not std::runtime_error, so that handlers for ordinary
/// errors do not swallow it by accident (asyncio's CancelledError is a BaseException for the
/// same reason). A spawned task that lets it escape ends quietly: the loop's exception handler does
/// not see it (an awaiter of the task's join_handle does).
///
/// Example:
/// ```cpp
/// try {
///   co_await concur::sleep_for(1h);
/// } catch (const concur::cancelled &) {
///   flush_log(); // clean up, then let it go on
///   throw;
/// }
/// ```
///
/// Cancellation: this is what cancellation looks like. The flag stays set, so a task that
/// swallows the exception gets it again at its next suspension point. Tasks freed by their
/// loop's destructor never see it: their frames are destroyed without resuming.
///
/// Thread safety: an ordinary exception object.
///
/// Resumes on: not an awaitable; it is thrown on the thread that resumes the task.
class cancelled : public std::exception {
public:
  const char *what() const noexcept override { return "concur::cancelled: the task was cancelled"; }
};

} // namespace concur
