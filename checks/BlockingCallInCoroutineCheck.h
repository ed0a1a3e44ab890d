//===--- BlockingCallInCoroutineCheck.h - concur ----------------*- C++ -*-===//
//
// Finds calls that block the calling thread inside a coroutine's own body,
// where they stall every other task on the coroutine's event loop.
//
//===----------------------------------------------------------------------===//

#ifndef CONCUR_CHECKS_BLOCKINGCALLINCOROUTINECHECK_H
#define CONCUR_CHECKS_BLOCKINGCALLINCOROUTINECHECK_H

#include "BlockingCallFixes.h"
#include "IncludeFixes.h"
#include "ProfileOptions.h"
#include "analysis/blocking/BlockingCatalog.h"
#include "analysis/blocking/CallSummaries.h"
#include "analysis/coroutines/CoroutinePlacement.h"
#include "analysis/coroutines/PoolHops.h"
#include "analysis/project/ProjectIndex.h"
#include "clang-tidy/ClangTidyCheck.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/Support/Regex.h"
#include <memory>
#include <optional>

namespace clang::tidy::concur {

/// Finds calls that block the calling thread inside a coroutine's own body,
/// where they stall every other task on the coroutine's event loop.
///
/// For the user-facing documentation see:
/// docs/checks/concur-blocking-call-in-coroutine.md
class BlockingCallInCoroutineCheck : public ClangTidyCheck {
public:
  BlockingCallInCoroutineCheck(StringRef Name, ClangTidyContext *Context);
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus20;
  }
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerPPCallbacks(const SourceManager &SM, Preprocessor *PP,
                           Preprocessor *ModuleExpanderPP) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override;

private:
  friend class CoroutineFindings;
  bool isIgnoredCoroutine(const FunctionDecl *FD) const;

  // Options, read once.
  const std::string BlockingFunctions;
  const std::string NonBlockingFunctions;
  const std::string IgnoredCoroutineTypes;
  const std::string PoolHopAwaitables;
  const unsigned MaxCallDepth;
  const bool CheckSynchronousGenerators;
  const std::string MinimumCertainty;
  const FixSpellings Spellings;
  const std::string ProjectIndexPath; // "auto", a path, or "" for none
  const std::string SummaryDirectory; // where to write this TU's summary, or ""
  const ProfileOptions Framework;
  const FrameworkProfiles &Profiles;

  BlockingCatalog UserCatalog;
  PoolHops PoolHopCalls;
  std::optional<llvm::Regex> IgnoredTypes;
  Certainty MinCertainty = Certainty::May;
  IncludeFixes Inserter;

  // Per translation unit.
  void ensureAnalysis(ASTContext &Ctx);
  void writeSummary();
  std::optional<BlockingAnalysis> Analysis;
  /// Per TU: where coroutine lambdas start, from the code that runs them.
  std::optional<CoroutinePlacement> Placement;
  std::shared_ptr<const ProjectIndex> Index;
  std::optional<TUSummary> Summary;
  llvm::DenseSet<unsigned> Reported; // template coroutines: once per location
};

} // namespace clang::tidy::concur

#endif
