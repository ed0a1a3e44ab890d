//===--- SharedAccesses.cpp - concur --------------------------------------===//

#include "analysis/races/SharedAccesses.h"
#include "analysis/ast/QualifiedNames.h"
#include "analysis/ast/ReachableFunctions.h"
#include "analysis/races/AccessWalker.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/StringSet.h"

namespace clang::tidy::concur {

/// The option's entries, then the frameworks'.
static std::vector<std::string> withProfiles(std::vector<std::string> Mine,
                                             const FrameworkProfiles *Profiles,
                                             std::vector<std::string> (FrameworkProfiles::*Field)()
                                                 const) {
  if (Profiles)
    for (std::string &Item : (Profiles->*Field)())
      Mine.push_back(std::move(Item));
  return Mine;
}

SharedAccessAnalysis::SharedAccessAnalysis(ASTContext &Ctx, Config C)
    : Ctx(Ctx), Cfg(std::move(C)),
      LockModelValue(Cfg.LockTypes,
                     Cfg.Profiles ? Cfg.Profiles->asyncLockTypes() : std::vector<std::string>()),
      StartModel(withProfiles(Cfg.ThreadStartFunctions, Cfg.Profiles,
                              &FrameworkProfiles::threadStartFunctions),
                 Cfg.Profiles ? Cfg.Profiles->threadTypes() : std::vector<std::string>()) {
  Cfg.ThreadSafeTypes = withProfiles(std::move(Cfg.ThreadSafeTypes), Cfg.Profiles,
                                     &FrameworkProfiles::threadSafeTypes);
}

bool SharedAccessAnalysis::isThreadSafeType(QualType T) const {
  if (isStdSynchronisationType(T))
    return true;
  if (Cfg.ThreadSafeTypes.empty())
    return false;
  std::string Name = recordName(T->isPointerType() ? T->getPointeeType() : T);
  if (Name.empty())
    return false;
  for (const std::string &Pattern : Cfg.ThreadSafeTypes)
    if (nameMatches(Name, Pattern))
      return true;
  return false;
}

const FunctionDecl *SharedAccessAnalysis::followable(const FunctionDecl *FD) const {
  const FunctionDecl *Def = nullptr;
  if (!FD || !FD->hasBody(Def) || !Def || Def->isDependentContext() || !Def->getBody())
    return nullptr;
  if (Ctx.getSourceManager().isInSystemHeader(Def->getLocation()))
    return nullptr;
  if (Cfg.Profiles && Cfg.Profiles->isLibraryCode(Def))
    return nullptr; // A framework's internals: used by their surface.
  if (const auto *MD = dyn_cast<CXXMethodDecl>(Def))
    if (!MD->getParent()->isLambda() &&
        isThreadSafeType(QualType(MD->getParent()->getTypeForDecl(), 0)))
      return nullptr;
  return Def;
}

const FunctionFacts &SharedAccessAnalysis::facts(const FunctionDecl *F) {
  std::unique_ptr<FunctionFacts> &Slot = Facts[F];
  if (Slot)
    return *Slot;
  Slot = std::make_unique<FunctionFacts>();
  Slot->Paths = std::make_unique<PathBuilder>(F);
  FunctionFacts *Out = Slot.get(); // The walk may add other functions' facts.
  collectFunctionFacts(*this, F, *Out);
  return *Out;
}

std::optional<AccessPath> SharedAccessAnalysis::substitute(const AccessPath &P, const Binding &B,
                                                           const PathBuilder *Caller) {
  if (P.isThis()) {
    if (B.KeepThis)
      return P;
    if (!B.This)
      return std::nullopt;
    AccessPath R = *B.This;
    R.Steps.append(P.Steps.begin(), P.Steps.end());
    return R;
  }
  if (!P.Root->hasGlobalStorage() && P.Root->getDeclContext() == B.Callee) {
    const auto *Param = dyn_cast<ParmVarDecl>(P.Root);
    if (!Param || P.Steps.empty() || P.Steps[0].K != PathStep::Kind::Deref)
      return std::nullopt; // The callee's own storage.
    auto It = B.Params.find(Param);
    if (It == B.Params.end() || !It->second)
      return std::nullopt;
    AccessPath R = *It->second;
    R.Steps.append(P.Steps.begin() + 1, P.Steps.end());
    return R;
  }
  return Caller ? Caller->rebase(P) : P;
}

std::optional<Access> SharedAccessAnalysis::substitute(const Access &A, const Binding &B,
                                                       const PathBuilder *Caller,
                                                       const Lockset &CallerLocks,
                                                       SourceLocation Order) {
  std::optional<AccessPath> P = substitute(A.Path, B, Caller);
  if (!P)
    return std::nullopt;
  Access R = A;
  R.Path = std::move(*P);
  R.Order = Order;
  Lockset Locks;
  for (const HeldLock &L : A.Locks.locks())
    if (std::optional<AccessPath> M = substitute(L.Mutex, B, Caller))
      Locks.add({std::move(*M), L.Mode});
  Locks.addAll(CallerLocks);
  R.Locks = std::move(Locks);
  for (auto *Atomics : {&R.ReleasedBy, &R.AcquiredVia}) {
    std::vector<AccessPath> Substituted;
    for (const AccessPath &Atomic : *Atomics)
      if (std::optional<AccessPath> M = substitute(Atomic, B, Caller))
        Substituted.push_back(std::move(*M));
    *Atomics = std::move(Substituted);
  }
  return R;
}

void orderThroughAtomics(Access &A, const FunctionFacts &Facts, SourceLocation Order,
                         const SourceManager &SM) {
  auto Before = [&](SourceLocation X, SourceLocation Y) {
    return SM.isBeforeInTranslationUnit(SM.getFileLoc(X), SM.getFileLoc(Y));
  };
  for (const AtomicEvent &E : Facts.Atomics) {
    if (E.Release && Before(Order, E.Loc) && !llvm::is_contained(A.ReleasedBy, E.Atomic))
      A.ReleasedBy.push_back(E.Atomic);
    if (E.Acquire && Before(E.Loc, Order) && !Before(E.ValidEnd, Order) &&
        !llvm::is_contained(A.AcquiredVia, E.Atomic))
      A.AcquiredVia.push_back(E.Atomic);
  }
}

bool orderedThroughAtomics(const Access &A, const Access &B) {
  auto Publishes = [](const Access &From, const Access &To) {
    for (const AccessPath &Atomic : From.ReleasedBy)
      if (llvm::is_contained(To.AcquiredVia, Atomic))
        return true;
    return false;
  };
  return Publishes(A, B) || Publishes(B, A);
}

static bool isExported(const Access &A, const PathBuilder &Paths) {
  const VarDecl *Root = A.Path.Root;
  if (!Root || !Paths.isOwn(Root))
    return true;
  // A parameter's referent or pointee belongs to the caller.
  return isa<ParmVarDecl>(Root) && !A.Path.Steps.empty() &&
         A.Path.Steps[0].K == PathStep::Kind::Deref;
}

std::vector<Access> SharedAccessAnalysis::exported(const FunctionDecl *F) {
  const std::vector<Access> &All = accesses(F);
  const PathBuilder &Paths = *facts(F).Paths;
  std::vector<Access> Result;
  for (const Access &A : All)
    if (isExported(A, Paths))
      Result.push_back(A);
  return Result;
}

const std::vector<Access> &SharedAccessAnalysis::accesses(const FunctionDecl *F) {
  solve(F);
  return Full[F];
}

static std::string accessKey(const Access &A) {
  std::string Key = A.Path.key() + (A.IsWrite ? "W" : "R") + A.Locks.key() + "@" +
                    std::to_string(reinterpret_cast<uintptr_t>(A.E));
  for (const AccessPath &Atomic : A.ReleasedBy)
    Key += "<" + Atomic.key();
  for (const AccessPath &Atomic : A.AcquiredVia)
    Key += ">" + Atomic.key();
  return Key;
}

void SharedAccessAnalysis::solve(const FunctionDecl *Root) {
  if (Solved.count(Root))
    return;
  // Everything reachable from the root, walked once each.
  std::vector<const FunctionDecl *> Reachable = reachableFunctions(
      Root,
      [this](const FunctionDecl *F, auto Push) {
        for (const CallFact &Call : facts(F).Calls)
          Push(Call.Bind.Callee);
      },
      [this](const FunctionDecl *F) { return Solved.count(F) != 0; });
  llvm::DenseMap<const FunctionDecl *, llvm::StringSet<>> Keys;
  for (const FunctionDecl *F : Reachable) {
    Full[F] = facts(F).Own;
    for (const Access &A : Full[F])
      Keys[F].insert(accessKey(A));
  }
  // Callees' accesses flow up to their callers until nothing changes.
  constexpr size_t MaxAccessesPerFunction = 4000;
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (const FunctionDecl *F : Reachable) {
      const FunctionFacts &Facts = facts(F);
      for (const CallFact &Call : Facts.Calls) {
        std::vector<Access> FromCallee;
        const PathBuilder &CalleePaths = *facts(Call.Bind.Callee).Paths;
        for (const Access &A : Full[Call.Bind.Callee])
          if (isExported(A, CalleePaths))
            FromCallee.push_back(A);
        for (const Access &A : FromCallee) {
          std::optional<Access> S =
              substitute(A, Call.Bind, Facts.Paths.get(), Call.Locks, Call.Call->getBeginLoc());
          if (!S || Full[F].size() >= MaxAccessesPerFunction)
            continue;
          orderThroughAtomics(*S, Facts, S->Order, Ctx.getSourceManager());
          if (Keys[F].insert(accessKey(*S)).second) {
            Full[F].push_back(std::move(*S));
            Changed = true;
          }
        }
      }
    }
  }
  for (const FunctionDecl *F : Reachable)
    Solved[F] = true;
}

} // namespace clang::tidy::concur
