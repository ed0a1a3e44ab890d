//===--- ConcurrencyModelCheck.h - concur -----------------------*- C++ -*-===//
//
// Recommends a concurrency model where work fans out, with the evidence.
//
//===----------------------------------------------------------------------===//

#ifndef CONCUR_CHECKS_CONCURRENCYMODELCHECK_H
#define CONCUR_CHECKS_CONCURRENCYMODELCHECK_H

#include "ProfileOptions.h"
#include "analysis/advice/ModelAdvisor.h"
#include "analysis/advice/WorkProfiler.h"
#include "analysis/blocking/CallSummaries.h"
#include "analysis/threads/ThreadStarts.h"
#include "clang-tidy/ClangTidyCheck.h"
#include "llvm/ADT/DenseSet.h"
#include <optional>

namespace clang::tidy::concur {

/// Recommends a concurrency model — event-loop, event-loop+offload,
/// thread-pool, cpu-pool or process-pool — where work fans out and at
/// coroutines that mix in sync-only calls, with the evidence in notes.
///
/// For the user-facing documentation see:
/// docs/checks/concur-concurrency-model.md
class ConcurrencyModelCheck : public ClangTidyCheck {
public:
  ConcurrencyModelCheck(StringRef Name, ClangTidyContext *Context);
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus11;
  }
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override;

private:
  void checkFanOut(const Expr *Start, Starter How, const FunctionDecl *Work, ASTContext &Ctx);
  void checkCoroutine(const FunctionDecl *Coroutine, ASTContext &Ctx);
  void ensureAnalysis(ASTContext &Ctx);
  /// A thread an executor starts for itself: in a framework's own code, or
  /// a class that runs its own member on each thread it makes.
  bool isExecutorsOwnStart(const Expr *E, const ThreadStart &Start, ASTContext &Ctx) const;

  const unsigned FanOutThreshold;
  const std::string MtUnsafeFunctions;
  const bool ReportDetachedThreads;
  const bool AdviseCoroutines;
  const ProfileOptions Framework;
  const FrameworkProfiles &Profiles;

  ThreadStartModel Starts;
  std::optional<BlockingAnalysis> Analysis;
  std::optional<WorkProfiler> Profiler;
  llvm::DenseSet<unsigned> Reported;
};

} // namespace clang::tidy::concur

#endif
