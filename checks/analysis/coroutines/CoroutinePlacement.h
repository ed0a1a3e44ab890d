//===--- CoroutinePlacement.h - concur --------------------------*- C++ -*-===//
//
// Where a coroutine starts running, decided by the code that makes and runs
// it rather than by the coroutine itself. A lazy task runs on the thread
// that starts it until it first suspends: the awaiter's thread
// (`co_await child()` after `co_await pool.schedule()` runs child on the
// pool), a thread pool's worker (`tp.resume(t.handle())`,
// `tp.spawn_joinable(task())`, the profiles' pool_task_starts), or a plain
// thread that resumes it by hand (`t.resume()`) or runs it inline
// (`coro::sync_wait(task())` from plain code, the profiles' inline_runners).
// None of those is an event loop, so a blocking call there stalls none.
//
// Only coroutine lambdas are placed by their uses: every place that makes
// and runs one is in the function that defines it. A coroutine with any
// other use (handed to an unknown function, stored, returned, spawned on a
// loop) is not. One convention places any coroutine by its signature: a
// first parameter of an executor tag type (the profiles' executor_tags,
// concurrencpp's `result<T> f(executor_tag, std::shared_ptr<E> ex, ...)`)
// starts it on the executor passed second, a pool or thread.
//
//===----------------------------------------------------------------------===//

#ifndef CONCUR_CHECKS_ANALYSIS_COROUTINES_COROUTINEPLACEMENT_H
#define CONCUR_CHECKS_ANALYSIS_COROUTINES_COROUTINEPLACEMENT_H

#include "analysis/ast/FrameCodeWalker.h"
#include "analysis/coroutines/PoolHops.h"
#include "clang/AST/ASTContext.h"
#include "llvm/ADT/DenseMap.h"
#include <string>
#include <vector>

namespace clang::tidy::concur {

class CoroutinePlacement {
public:
  /// \p PoolTaskStarts, \p InlineRunners: the profiles' lists; \p Hops: the
  /// pool hops the walk of an awaiting coroutine recognises.
  CoroutinePlacement(ASTContext &Ctx, std::vector<std::string> PoolTaskStarts,
                     std::vector<std::string> InlineRunners, std::vector<std::string> ExecutorTags,
                     const PoolHops &Hops);

  /// Does \p Coroutine start off every event loop, wherever it is run?
  bool startsOffLoop(const FunctionDecl *Coroutine);

  /// Is the code of \p State in \p Coroutine off every event loop: after a
  /// pool hop, or before its first suspension when it starts off the loop?
  bool offLoop(const FunctionDecl *Coroutine, const WalkState &State);

private:
  bool startsOffLoop(const FunctionDecl *Coroutine, unsigned Depth);
  /// Is its first parameter an executor tag (and a second one, the executor)?
  bool startsOnTaggedExecutor(const FunctionDecl *Coroutine) const;
  /// Does every use of the task \p Task makes run it off the loop?
  bool taskRunsOffLoop(const Expr *Task, unsigned Depth);
  /// Is the code at \p Point (a call, a co_await) off the loop?
  bool pointRunsOffLoop(const Expr *Point, unsigned Depth);
  const FunctionDecl *enclosingFunction(const Stmt *S);

  ASTContext &Ctx;
  std::vector<std::string> PoolTaskStarts, InlineRunners, ExecutorTags;
  const PoolHops &Hops;
  /// Answers so far; false while one is being worked out (a cycle is no).
  llvm::DenseMap<const FunctionDecl *, bool> Known;
};

} // namespace clang::tidy::concur

#endif
