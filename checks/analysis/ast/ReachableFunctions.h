//===--- ReachableFunctions.h - concur --------------------------*- C++ -*-===//
//
// The functions a summary-based analysis must solve together: those reachable
// from a root through calls, each once, not going past functions whose
// summary is already final. Both the blocking-call summaries and the
// shared-access summaries are fixed points over this set.
//
//===----------------------------------------------------------------------===//

#ifndef CONCUR_CHECKS_ANALYSIS_AST_REACHABLEFUNCTIONS_H
#define CONCUR_CHECKS_ANALYSIS_AST_REACHABLEFUNCTIONS_H

#include "clang/AST/Decl.h"
#include "llvm/ADT/SmallPtrSet.h"
#include <vector>

namespace clang::tidy::concur {

/// \p ForEachCallee(F, Push) calls Push(G) for each function G that F calls;
/// \p IsFinal(F) says F's summary is already known (it is left out).
template <typename ForEachCalleeFn, typename IsFinalFn>
std::vector<const FunctionDecl *>
reachableFunctions(const FunctionDecl *Root, ForEachCalleeFn ForEachCallee, IsFinalFn IsFinal) {
  std::vector<const FunctionDecl *> Reachable;
  llvm::SmallPtrSet<const FunctionDecl *, 32> Seen;
  std::vector<const FunctionDecl *> Work{Root};
  while (!Work.empty()) {
    const FunctionDecl *F = Work.back();
    Work.pop_back();
    if (!Seen.insert(F).second || IsFinal(F))
      continue;
    Reachable.push_back(F);
    ForEachCallee(F, [&Work](const FunctionDecl *Callee) { Work.push_back(Callee); });
  }
  return Reachable;
}

} // namespace clang::tidy::concur

#endif
