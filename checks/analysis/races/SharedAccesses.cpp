//===--- SharedAccesses.cpp - concur --------------------------------------===//

#include "analysis/races/SharedAccesses.h"
#include "analysis/ast/QualifiedNames.h"
#include "analysis/ast/ReachableFunctions.h"
#include "analysis/project/ProjectNames.h"
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
  if (Cfg.Profiles)
    ProfileThreadSafeTypes = Cfg.Profiles->threadSafeTypes();
}

static bool matchesAny(QualType T, const std::vector<std::string> &Patterns) {
  if (Patterns.empty())
    return false;
  std::string Name = recordName(T->isPointerType() ? T->getPointeeType() : T);
  if (Name.empty())
    return false;
  return llvm::any_of(Patterns,
                      [&](const std::string &Pattern) { return nameMatches(Name, Pattern); });
}

bool SharedAccessAnalysis::isThreadSafeByContract(const CXXRecordDecl *Class) const {
  if (!Class || Class->isLambda())
    return false;
  return matchesAny(QualType(Class->getTypeForDecl(), 0), ProfileThreadSafeTypes);
}

bool SharedAccessAnalysis::isThreadSafeType(QualType T) const {
  return isStdSynchronisationType(T) || matchesAny(T, Cfg.ThreadSafeTypes) ||
         matchesAny(T, ProfileThreadSafeTypes);
}

const FunctionDecl *SharedAccessAnalysis::followable(const FunctionDecl *FD) const {
  const FunctionDecl *Def = nullptr;
  if (!FD || !FD->hasBody(Def) || !Def || Def->isDependentContext() || !Def->getBody())
    return nullptr;
  const SourceManager &SM = Ctx.getSourceManager();
  if (SM.isInSystemHeader(Def->getLocation()))
    return nullptr;
  // A framework analysed from its own sources: what the file being analysed
  // defines is the code its authors want checked, its thread-safe types'
  // members included (they are thread-safe because of this code). Elsewhere
  // a framework's internals are used through its surface, which its profile
  // describes. A type the user's option calls thread-safe is always trusted.
  const bool DefinedHere = SM.isInMainFile(SM.getExpansionLoc(Def->getLocation()));
  if (!DefinedHere && Cfg.Profiles && Cfg.Profiles->isLibraryCode(Def))
    return nullptr;
  if (const auto *MD = dyn_cast<CXXMethodDecl>(Def); MD && trustsMembersOf(MD, DefinedHere))
    return nullptr;
  return Def;
}

bool SharedAccessAnalysis::trustsMembersOf(const CXXMethodDecl *MD, bool DefinedHere) const {
  if (MD->getParent()->isLambda())
    return false;
  QualType Class(MD->getParent()->getTypeForDecl(), 0);
  return matchesAny(Class, Cfg.ThreadSafeTypes) ||
         (!DefinedHere && matchesAny(Class, ProfileThreadSafeTypes));
}

const FunctionDecl *SharedAccessAnalysis::imported(const FunctionDecl *FD) {
  if (!FD)
    return nullptr;
  FD = FD->getCanonicalDecl();
  if (auto It = Imported.find(FD); It != Imported.end())
    return It->second ? FD : nullptr; // asked before
  const SourceManager &SM = Ctx.getSourceManager();
  if (FD->isDefined() || FD->getBuiltinID() || SM.isInSystemHeader(FD->getLocation()))
    return nullptr;
  if (const auto *MD = dyn_cast<CXXMethodDecl>(FD);
      MD && trustsMembersOf(MD, /*DefinedHere=*/false))
    return nullptr;
  std::string USR = projectUSR(FD);
  if (USR.empty())
    return nullptr;
  const std::vector<IndexedAccess> *Known = Cfg.Index ? Cfg.Index->sharedAccesses(USR) : nullptr;
  Lookups.SharedAccesses[USR] = Known ? digestOf(*Known) : "";
  if (Known && Known->empty())
    Known = nullptr;
  Imported[FD] = Known;
  return Known ? FD : nullptr;
}

const FunctionFacts &SharedAccessAnalysis::facts(const FunctionDecl *F) {
  std::unique_ptr<FunctionFacts> &Slot = Facts[F];
  if (Slot)
    return *Slot;
  Slot = std::make_unique<FunctionFacts>();
  Slot->Paths = std::make_unique<PathBuilder>(F);
  FunctionFacts *Out = Slot.get(); // The walk may add other functions' facts.
  if (auto It = Imported.find(F); It != Imported.end() && It->second) {
    // Defined in another TU: its accesses, callees' included, are the index's.
    if (!Importer)
      Importer = std::make_unique<AccessImporter>(Ctx);
    for (const IndexedAccess &A : *It->second)
      if (std::optional<Access> Here = Importer->import(A, F))
        Out->Own.push_back(std::move(*Here));
    return *Out;
  }
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
  // Recursion through a pointer field (`m_parent->openChild()`) would grow
  // a path by a step per round for ever: past a length no code spells, the
  // access is dropped (a miss at worst; cutting it short would make it a
  // whole object, which conflicts with every part).
  constexpr size_t MaxPathSteps = 12;
  if (!P || P->Steps.size() > MaxPathSteps)
    return std::nullopt;
  Access R = A;
  R.Path = std::move(*P);
  R.Order = Order;
  Lockset Locks;
  for (const HeldLock &L : A.Locks.locks()) {
    // The callee's hold of a guard it was given is the caller's lock.
    if (const auto *Param = dyn_cast_or_null<ParmVarDecl>(L.Mutex.Root)) {
      auto Guard = B.GuardParams.find(Param);
      if (Guard != B.GuardParams.end()) {
        for (const HeldLock &G : Guard->second)
          Locks.add(G);
        continue;
      }
    }
    if (std::optional<AccessPath> M = substitute(L.Mutex, B, Caller))
      Locks.add({std::move(*M), L.Mode});
  }
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

/// A guard \p Root was given by reference: its lock, `*lock`.
static const ParmVarDecl *guardParam(const HeldLock &L, const FunctionDecl *Root,
                                     const LockModel &Locks) {
  const auto *Param = dyn_cast_or_null<ParmVarDecl>(L.Mutex.Root);
  if (!Param || Param->getDeclContext() != Root || L.Mutex.Steps.size() != 1 ||
      L.Mutex.Steps[0].K != PathStep::Kind::Deref)
    return nullptr;
  return Locks.guardMode(Param->getType().getNonReferenceType()) ? Param : nullptr;
}

/// A member function's only mutex of the guard's mutex type (`m_lock` for a
/// `std::unique_lock<std::mutex> &`): what a guard handed to it by a caller
/// not in view holds, in classes that have one.
static std::optional<HeldLock> soleMutexOf(const FunctionDecl *Root, const ParmVarDecl *Guard,
                                           LockMode Mode) {
  const auto *Method = dyn_cast<CXXMethodDecl>(Root);
  std::optional<QualType> MutexType = firstTypeArgument(Guard->getType().getNonReferenceType());
  if (!Method || !MutexType)
    return std::nullopt;
  std::optional<HeldLock> Found;
  for (const FieldDecl *Field : Method->getParent()->fields())
    if (Field->getType().getCanonicalType().getUnqualifiedType() ==
        MutexType->getCanonicalType().getUnqualifiedType()) {
      if (Found)
        return std::nullopt;
      AccessPath P;
      P.ThisClass = Method->getParent()->getCanonicalDecl();
      P.Steps.push_back(PathStep::field(Field));
      Found = HeldLock{std::move(P), Mode};
    }
  return Found;
}

std::optional<std::vector<HeldLock>> SharedAccessAnalysis::guardParamLocks(const ParmVarDecl *Guard,
                                                                           const FunctionDecl *Root,
                                                                           LockMode Mode,
                                                                           unsigned Depth) const {
  // The locks on every call seen; a call on another object gives nothing in
  // Root's terms. A guard the caller was itself given is resolved in turn.
  std::optional<std::vector<HeldLock>> Common;
  for (const auto &[Caller, CallPtr] : callsOf(Root)) {
    const CallFact &Call = *CallPtr;
    std::vector<HeldLock> Here;
    auto Given = Call.Bind.GuardParams.find(Guard);
    bool SameObject = Call.Bind.KeepThis || !isa<CXXMethodDecl>(Root) ||
                      (Call.Bind.This && Call.Bind.This->isThis() && Call.Bind.This->Steps.empty());
    if (SameObject && Given != Call.Bind.GuardParams.end())
      for (const HeldLock &L : Given->second) {
        const ParmVarDecl *Outer = guardParam(L, Caller, LockModelValue);
        if (!Outer) {
          Here.push_back(L);
          continue;
        }
        if (Depth < 8)
          if (auto Resolved = guardParamLocks(Outer, Caller, L.Mode, Depth + 1))
            Here.insert(Here.end(), Resolved->begin(), Resolved->end());
      }
    if (!Common)
      Common = std::move(Here);
    else
      llvm::erase_if(*Common, [&](const HeldLock &C) {
        return llvm::none_of(Here, [&](const HeldLock &H) { return H.Mutex == C.Mutex; });
      });
  }
  if (Common)
    return Common;
  if (std::optional<HeldLock> Sole = soleMutexOf(Root, Guard, Mode))
    return std::vector<HeldLock>{*Sole};
  return std::nullopt;
}

Access SharedAccessAnalysis::resolveGuardParams(Access A, const FunctionDecl *Root) const {
  Lockset Resolved;
  for (const HeldLock &L : A.Locks.locks()) {
    const ParmVarDecl *Guard = guardParam(L, Root, LockModelValue);
    std::optional<std::vector<HeldLock>> Held;
    if (Guard)
      Held = guardParamLocks(Guard, Root, L.Mode, 0);
    if (!Held) {
      Resolved.add(L); // Not a guard, or one nothing says more of: as named.
      continue;
    }
    for (const HeldLock &H : *Held)
      Resolved.add(H);
  }
  A.Locks = std::move(Resolved);
  return A;
}

const std::vector<std::pair<const FunctionDecl *, const CallFact *>> &
SharedAccessAnalysis::callsOf(const FunctionDecl *F) const {
  // Rebuilt when more functions have been walked since: asked after the
  // walk, it is built once, not once per question.
  if (CallIndexSize != Facts.size()) {
    CallIndex.clear();
    for (const auto &[Caller, Walked] : Facts)
      for (const CallFact &Call : Walked->Calls)
        CallIndex[Call.Bind.Callee].push_back({Caller, &Call});
    CallIndexSize = Facts.size();
  }
  static const std::vector<std::pair<const FunctionDecl *, const CallFact *>> None;
  auto It = CallIndex.find(F);
  return It == CallIndex.end() ? None : It->second;
}

bool SharedAccessAnalysis::isCalled(const FunctionDecl *F) const { return !callsOf(F).empty(); }

bool SharedAccessAnalysis::calledOnlyOnOwnThread(const FunctionDecl *F) const {
  const auto &Calls = callsOf(F);
  return !Calls.empty() && llvm::all_of(Calls, [](const auto &C) { return C.second->OnOwnThread; });
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

std::string accessSignature(const Access &A) {
  std::string Key =
      A.Path.key() + (A.IsWrite ? "W" : "R") + (A.PerThreadSlot ? "P" : "") + A.Locks.key();
  for (const AccessPath &Atomic : A.ReleasedBy)
    Key += "<" + Atomic.key();
  for (const AccessPath &Atomic : A.AcquiredVia)
    Key += ">" + Atomic.key();
  return Key;
}

static std::string accessKey(const Access &A) {
  return accessSignature(A) + "@" +
         (A.E ? std::to_string(reinterpret_cast<uintptr_t>(A.E))
              : "r" + std::to_string(A.At.getRawEncoding()));
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
