//===--- ThreadHandles.h - concur -------------------------------*- C++ -*-===//
//
// Where the handle of a started thread is kept (a std::thread variable or
// field, a container of threads, a pthread_t, a std::future), so that the
// race check can tell which join ends which thread's concurrency. Handles are
// named by the declaration that holds them.
//
//===----------------------------------------------------------------------===//

#ifndef CONCUR_CHECKS_ANALYSIS_RACES_THREADHANDLES_H
#define CONCUR_CHECKS_ANALYSIS_RACES_THREADHANDLES_H

#include "analysis/races/SharedAccesses.h"

namespace clang::tidy::concur {

/// The key of the thread or future an expression names (see StartFact::HandleKey).
std::string handleKey(const Expr *E, const PathBuilder &Paths);

/// Sets \p Fact's HandleKey from where the start's result goes, or marks it
/// joined at once (a discarded std::async future) or escaping (returned,
/// detached, passed on).
void placeHandle(StartFact &Fact, ASTContext &Ctx, const PathBuilder &Paths);

} // namespace clang::tidy::concur

#endif
