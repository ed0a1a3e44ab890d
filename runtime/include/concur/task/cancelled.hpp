#pragma once
// concur::cancelled: what a cancelled task sees at its next suspension point.

#include <exception>

namespace concur {

/// Thrown inside a task at its next suspension point after the task was cancelled
/// (join_handle::cancel, a failing sibling in gather, a timeout, or loop shutdown).
/// It derives from std::exception only, not std::runtime_error, so that handlers for ordinary
/// errors do not swallow it by accident (asyncio's CancelledError is a BaseException for the
/// same reason).
class cancelled : public std::exception {
public:
  const char *what() const noexcept override { return "concur::cancelled: the task was cancelled"; }
};

} // namespace concur
