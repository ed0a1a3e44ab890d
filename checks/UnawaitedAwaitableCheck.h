//===--- UnawaitedAwaitableCheck.h - concur ---------------------*- C++ -*-===//
//
// Finds awaitables and lazy tasks that are made and dropped unawaited.
//
//===----------------------------------------------------------------------===//

#ifndef CONCUR_CHECKS_UNAWAITEDAWAITABLECHECK_H
#define CONCUR_CHECKS_UNAWAITEDAWAITABLECHECK_H

#include "ProfileOptions.h"
#include "analysis/coroutines/PoolHops.h"
#include "analysis/threads/ThreadStarts.h"
#include "clang-tidy/ClangTidyCheck.h"
#include "llvm/ADT/DenseSet.h"

namespace clang::tidy::concur {

/// Finds expression statements whose value is an awaitable (a hop, a timer,
/// a lock) or a lazy task, dropped without `co_await`: nothing it stands for
/// happens. A discarded `resume_on(pool)` leaves the code after it on the
/// loop; a discarded lazy task never runs.
///
/// For the user-facing documentation see:
/// docs/checks/concur-unawaited-awaitable.md
class UnawaitedAwaitableCheck : public ClangTidyCheck {
public:
  UnawaitedAwaitableCheck(StringRef Name, ClangTidyContext *Context);
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus20;
  }
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override { Reported.clear(); }

private:
  void checkStatement(const Expr *E, const FunctionDecl *Enclosing, ASTContext &Ctx);
  bool isIgnored(QualType T, const Expr *E) const;
  bool isDeferredToken(QualType T) const;

  const std::string TaskTypes, IgnoredTypes;
  const ProfileOptions Framework;
  const FrameworkProfiles &Profiles;
  const std::vector<std::string> LazyTasks, Ignored, DeferredTokens;
  const ThreadStartModel Starts;
  const PoolHops Hops;
  llvm::DenseSet<unsigned> Reported; // templates: once per location
};

} // namespace clang::tidy::concur

#endif
