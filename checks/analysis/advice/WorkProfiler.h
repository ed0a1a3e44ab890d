//===--- WorkProfiler.h - concur --------------------------------*- C++ -*-===//
//
// What a piece of work does: which blocking calls it makes (split into those
// with an async form on an event loop and those of sync-only libraries),
// which thread-unsafe functions it calls, and whether it computes in loops —
// through the functions it calls in the same translation unit.
//
//===----------------------------------------------------------------------===//

#ifndef CONCUR_CHECKS_ANALYSIS_ADVICE_WORKPROFILER_H
#define CONCUR_CHECKS_ANALYSIS_ADVICE_WORKPROFILER_H

#include "analysis/advice/ModelAdvisor.h"
#include "analysis/ast/NolintComments.h"
#include "analysis/blocking/CallSummaries.h"
#include "analysis/coroutines/PoolHops.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace clang::tidy::concur {

class WorkProfiler {
public:
  /// \p LoopRunners: functions that run an event loop on the calling thread
  /// (the framework profiles'); \p Hops: awaitables that move a coroutine
  /// onto a pool, after which its calls are the pool's work, not the loop's.
  /// Calls on lines the user NOLINTed (for the model check, or for the check
  /// that reports such a call) are no evidence.
  WorkProfiler(BlockingAnalysis &Analysis, const SourceManager &SM,
               std::vector<std::string> ExtraMtUnsafe, std::vector<std::string> LoopRunners = {},
               PoolHops Hops = PoolHops(), unsigned MaxDepth = 4)
      : Analysis(Analysis), Nolint(SM), ExtraMtUnsafe(std::move(ExtraMtUnsafe)),
        LoopRunners(std::move(LoopRunners)), Hops(std::move(Hops)), MaxDepth(MaxDepth) {}

  /// Is \p Operand (what a coroutine awaits) a hop onto a pool?
  bool isPoolHop(const Expr *Operand) const { return Hops.isHop(Operand); }

  /// Does \p FD run an event loop on the calling thread?
  bool isLoopRunner(const FunctionDecl *FD) const;

  /// The profile of a function (or lambda call operator, or coroutine).
  const WorkProfile &profile(const FunctionDecl *Entry);

  /// Is \p FD on clang-tidy's concurrency-mt-unsafe list (or the option's)?
  bool isMtUnsafe(const FunctionDecl *FD) const;

  /// Did the user NOLINT \p Call for \p Check (the check that reports such a
  /// call) or for concur-concurrency-model?
  bool isWaived(const Expr *Call, llvm::StringRef Check);

private:
  void scan(const FunctionDecl *FD, WorkProfile &Into, unsigned Depth,
            llvm::SmallPtrSetImpl<const FunctionDecl *> &Seen);

  BlockingAnalysis &Analysis;
  NolintComments Nolint;
  std::vector<std::string> ExtraMtUnsafe;
  std::vector<std::string> LoopRunners;
  PoolHops Hops;
  unsigned MaxDepth;
  llvm::DenseMap<const FunctionDecl *, WorkProfile> Cache;
};

} // namespace clang::tidy::concur

#endif
