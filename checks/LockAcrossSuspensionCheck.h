//===--- LockAcrossSuspensionCheck.h - concur -------------------*- C++ -*-===//
//
// Finds mutexes held across a coroutine's suspension points.
//
//===----------------------------------------------------------------------===//

#ifndef CONCUR_CHECKS_LOCKACROSSSUSPENSIONCHECK_H
#define CONCUR_CHECKS_LOCKACROSSSUSPENSIONCHECK_H

#include "ProfileOptions.h"
#include "analysis/locks/LockModel.h"
#include "clang-tidy/ClangTidyCheck.h"
#include "llvm/ADT/DenseSet.h"

namespace clang::tidy::concur {

/// Finds mutexes held across a coroutine's suspension points, where they
/// block every other task that needs them and may be unlocked on another
/// thread than the one that locked them.
///
/// For the user-facing documentation see:
/// docs/checks/concur-lock-across-suspension.md
class LockAcrossSuspensionCheck : public ClangTidyCheck {
public:
  LockAcrossSuspensionCheck(StringRef Name, ClangTidyContext *Context);
  bool isLanguageVersionSupported(const LangOptions &LangOpts) const override {
    return LangOpts.CPlusPlus20;
  }
  void storeOptions(ClangTidyOptions::OptionMap &Opts) override;
  void registerMatchers(ast_matchers::MatchFinder *Finder) override;
  void check(const ast_matchers::MatchFinder::MatchResult &Result) override;
  void onEndOfTranslationUnit() override { Reported.clear(); }

private:
  bool isAllowedAwaitable(const Expr *Operand) const;

  const std::string LockTypes;
  const std::string AllowedAwaitables;
  const ProfileOptions Framework;
  const FrameworkProfiles &Profiles;
  const LockModel Locks;
  const std::vector<std::string> Allowed;
  llvm::DenseSet<unsigned> Reported; // template coroutines: once per lock
};

} // namespace clang::tidy::concur

#endif
