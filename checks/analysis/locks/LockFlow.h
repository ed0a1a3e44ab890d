//===--- LockFlow.h - concur ------------------------------------*- C++ -*-===//
//
// Which locks may be held at each suspension point of a coroutine. A
// flow-sensitive walk over the coroutine's own code in evaluation order:
// guards hold their mutex from their declaration to the end of their scope
// (or until unlock()), manual lock()/unlock() and pthread calls in between;
// a guard returned by a function holds its lock; std::move(guard) hands the
// lock to whatever it moves into (a local guard, or away: an awaiter, a
// callee); release() leaves the mutex locked by hand; a try-lock holds on
// the branch where it succeeded (owns_lock(), try_lock(), try_lock_for());
// branches are joined (a lock held on any path counts), loops are walked
// twice so a lock taken late in one iteration meets the suspensions early in
// the next, and a path ends at co_return, return, break and continue.
// Suspensions inside lambdas the coroutine only creates do not count (the
// frame is ast/FrameCodeWalker's; the lock state is locks/LockState's).
//
//===----------------------------------------------------------------------===//

#ifndef CONCUR_CHECKS_ANALYSIS_LOCKS_LOCKFLOW_H
#define CONCUR_CHECKS_ANALYSIS_LOCKS_LOCKFLOW_H

#include "analysis/locks/LockModel.h"
#include "clang/AST/StmtCXX.h"
#include <functional>
#include <vector>

namespace clang::tidy::concur {

/// A lock taken at Acquired and held through the suspension points listed.
struct HeldAcrossSuspension {
  SourceLocation Acquired;
  const ValueDecl *Holder = nullptr; // the guard, or the mutex locked by hand
  const ValueDecl *Mutex = nullptr;  // may be null when it cannot be named
  bool IsGuard = false;
  std::string ReturnedBy;                  // a guard returned by this function, mutex unknown
  std::vector<SourceLocation> Suspensions; // in source order, no duplicates
};

/// The locks held at the suspension points of \p Coroutine's frame code.
/// \p IsAllowed says whether suspending on an awaitable (the operand of
/// co_await, null for co_yield) is harmless, like a strand hop.
std::vector<HeldAcrossSuspension>
locksHeldAcrossSuspensions(const FunctionDecl *Coroutine, const LockModel &Locks,
                           std::function<bool(const Expr *)> IsAllowed);

} // namespace clang::tidy::concur

#endif
