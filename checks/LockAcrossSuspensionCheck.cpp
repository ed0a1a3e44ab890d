//===--- LockAcrossSuspensionCheck.cpp - concur ---------------------------===//

#include "LockAcrossSuspensionCheck.h"
#include "analysis/ast/QualifiedNames.h"
#include "analysis/locks/LockFlow.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Basic/SourceManager.h"

using namespace clang::ast_matchers;

namespace clang::tidy::concur {

LockAcrossSuspensionCheck::LockAcrossSuspensionCheck(StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context), LockTypes(Options.get("LockTypes", "")),
      AllowedAwaitables(Options.get("AllowedAwaitables", "")),
      Framework(Options, [this](const std::string &Problem) { configurationDiag(Problem); }),
      Profiles(Framework.profiles()), Locks(splitList(LockTypes), Profiles.asyncLockTypes()),
      Allowed(splitList(AllowedAwaitables)) {}

void LockAcrossSuspensionCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "LockTypes", LockTypes);
  Options.store(Opts, "AllowedAwaitables", AllowedAwaitables);
  Framework.store(Options, Opts);
}

void LockAcrossSuspensionCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(functionDecl(isDefinition(), hasBody(coroutineBodyStmt())).bind("coroutine"),
                     this);
}

bool LockAcrossSuspensionCheck::isAllowedAwaitable(const Expr *Operand) const {
  if (!Operand || Allowed.empty())
    return false;
  const auto *Call = dyn_cast<CallExpr>(Operand->IgnoreImplicit()->IgnoreParens());
  if (!Call || !Call->getDirectCallee())
    return false;
  std::string Name = qualifiedName(Call->getDirectCallee());
  return matchesAnyName(Name, Allowed);
}

void LockAcrossSuspensionCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *FD = Result.Nodes.getNodeAs<FunctionDecl>("coroutine");
  if (!isa_and_nonnull<CoroutineBodyStmt>(FD->getBody()))
    return;
  const SourceManager &SM = *Result.SourceManager;
  std::string Coroutine = displayName(FD);
  auto Findings = locksHeldAcrossSuspensions(
      FD, Locks, [this](const Expr *Operand) { return isAllowedAwaitable(Operand); });
  for (const HeldAcrossSuspension &F : Findings) {
    if (!Reported.insert(SM.getFileLoc(F.Acquired).getRawEncoding()).second)
      continue;
    std::string Mutex = F.Mutex ? F.Mutex->getNameAsString() : F.Holder->getNameAsString();
    if (F.IsGuard && !F.Mutex && !F.ReturnedBy.empty()) {
      Mutex = "the lock returned by '" + F.ReturnedBy + "'";
      diag(F.Acquired, "'%0' holds %1 across a suspension point in coroutine '%2'")
          << F.Holder->getName() << Mutex << Coroutine;
      Mutex = F.Holder->getNameAsString();
    } else if (F.IsGuard)
      diag(F.Acquired, "'%0' holds mutex '%1' across a suspension point in coroutine '%2'")
          << F.Holder->getName() << Mutex << Coroutine;
    else
      diag(F.Acquired, "mutex '%0' is locked across a suspension point in coroutine '%1'")
          << Mutex << Coroutine;
    diag(F.Acquired,
         "other tasks that need '%0' block their thread until the coroutine resumes, and "
         "if it resumes on another thread the unlock is undefined behaviour; use "
         "concur::async_mutex, whose guard is safe across suspension, or release '%0' "
         "before suspending",
         DiagnosticIDs::Note)
        << Mutex;
    for (SourceLocation Suspension : F.Suspensions)
      diag(Suspension, "the coroutine suspends here with '%0' locked", DiagnosticIDs::Note)
          << Mutex;
  }
}

} // namespace clang::tidy::concur
