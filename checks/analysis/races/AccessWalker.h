//===--- AccessWalker.h - concur --------------------------------*- C++ -*-===//
//
// The map step of the race analysis: one walk over a function's frame code,
// in evaluation order, following its control flow for the locks (RAII guards
// to the end of their scope, lock()/unlock() by hand, the locks held on both
// branches after an if). It records what the function itself reads and
// writes, the calls it makes into followable functions (with what their
// parameters and `this` stand for), the threads it starts and where it joins
// them. SharedAccessAnalysis links these facts across calls.
//
//===----------------------------------------------------------------------===//

#ifndef CONCUR_CHECKS_ANALYSIS_RACES_ACCESSWALKER_H
#define CONCUR_CHECKS_ANALYSIS_RACES_ACCESSWALKER_H

#include "analysis/races/SharedAccesses.h"

namespace clang::tidy::concur {

/// Fills \p Out with \p F's own facts (Out.Paths must be set).
void collectFunctionFacts(SharedAccessAnalysis &Analysis, const FunctionDecl *F,
                          FunctionFacts &Out);

} // namespace clang::tidy::concur

#endif
