//===--- UnguardedSharedStateCheck.h - concur -------------------*- C++ -*-===//
//
// Finds data races without annotations: shared state that a thread writes
// (or reads) while other code can access it at the same time with no lock
// in common.
//
//===----------------------------------------------------------------------===//

#ifndef CONCUR_CHECKS_UNGUARDEDSHAREDSTATECHECK_H
#define CONCUR_CHECKS_UNGUARDEDSHAREDSTATECHECK_H

#include "IncludeFixes.h"
#include "ProfileOptions.h"
#include "analysis/races/SharedAccesses.h"
#include "clang-tidy/ClangTidyCheck.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringSet.h"
#include <optional>

namespace clang::tidy::concur {

struct AtomicFix;

/// Finds data races without annotations: shared state that a thread writes
/// (or reads) while other code can access it at the same time with no lock
/// in common.
///
/// For the user-facing documentation see:
/// docs/checks/concur-unguarded-shared-state.md
class UnguardedSharedStateCheck : public ClangTidyCheck {
public:
  UnguardedSharedStateCheck(StringRef Name, ClangTidyContext *Context);
  /// C too: pthreads and C11 threads race on globals the same way. Before
  /// C++11 there is no memory model to speak of.
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return !LangOpts.CPlusPlus || LangOpts.CPlusPlus11;
  }
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerPPCallbacks(const SourceManager &SM, Preprocessor *PP,
                           Preprocessor *ModuleExpanderPP) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;

private:
  friend class RaceReporter;

  /// The map step: this TU's part of its summary (the accesses of the
  /// functions other TUs call), into SummaryDirectory.
  void writeSummary(SharedAccessAnalysis &Analysis,
                    const std::vector<const FunctionDecl *> &Functions, ASTContext &Ctx);

  // Options, read once.
  const std::string ThreadStartFunctions;
  const std::string LockTypes;
  const std::string ThreadSafeTypes;
  const std::string GuardedType;
  const bool AssumeConcurrentPublicMembers;
  const std::string ProjectIndexPath; // "auto", a path, or "" for none
  const std::string SummaryDirectory; // set by `concur check -p`: write summaries there
  const ProfileOptions Framework;
  const FrameworkProfiles &Profiles;
  IncludeFixes Inserter;
};

} // namespace clang::tidy::concur

#endif
