//===--- ThreadRuns.cpp - concur ------------------------------------------===//

#include "analysis/races/ThreadRuns.h"
#include "clang/AST/DeclCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace clang::tidy::concur {

ThreadRuns::ThreadRuns(SharedAccessAnalysis &Analysis)
    : Analysis(Analysis), SM(Analysis.context().getSourceManager()) {}

void ThreadRuns::collect(const std::vector<const FunctionDecl *> &Functions) {
  llvm::SmallVector<const CXXRecordDecl *, 4> Contracts;
  for (const FunctionDecl *F : Functions) {
    for (const StartFact &Fact : Analysis.facts(F).Starts)
      Runs.push_back(makeRun(F, Fact));
    if (const auto *M = dyn_cast<CXXMethodDecl>(F))
      if (Analysis.isThreadSafeByContract(M->getParent()) &&
          !llvm::is_contained(Contracts, M->getParent()->getCanonicalDecl()))
        Contracts.push_back(M->getParent()->getCanonicalDecl());
  }
  placeOnPools();
  for (const CXXRecordDecl *Class : Contracts) {
    ThreadRun R;
    // The definition: the canonical declaration may be a forward one, with
    // no members (concurrencpp's forward_declarations.h).
    R.Contract = Class->getDefinition() ? Class->getDefinition() : Class;
    R.Accesses = publicMembers(R.Contract, {},
                               [](const FunctionDecl *Def) { return Def->getBody()->getEndLoc(); });
    // The members its own threads run (`std::thread([p] { p->worker_loop(); })`)
    // run alongside the public members on every object of the class.
    // How many threads run each (a start in a loop counts as many).
    llvm::MapVector<const CXXMethodDecl *, unsigned> Runners;
    for (const ThreadRun &Thread : Runs) {
      const FunctionDecl *Entry = Thread.Fact->Bind.Callee;
      llvm::SmallPtrSet<const FunctionDecl *, 4> Members = {Entry};
      for (const CallFact &Call : Analysis.facts(Entry).Calls)
        Members.insert(Call.Bind.Callee);
      for (const FunctionDecl *Member : Members)
        if (const auto *M = dyn_cast<CXXMethodDecl>(Member);
            M && M->isInstance() && M->getParent()->getCanonicalDecl() == Class) {
          Runners[M] += Thread.Repeats ? 2 : 1;
          if (!Thread.Fact->HandleKey.empty())
            R.JoinedBy[M].push_back(Thread.Fact->HandleKey);
        }
    }
    for (const auto &[M, Threads] : Runners) {
      if (Threads == 1 && M->getAccess() != AS_public)
        R.RunOnce.push_back(M);
      for (Access &A : Analysis.exported(M)) {
        A.PublicMember = M;
        R.Accesses.push_back(Analysis.resolveGuardParams(std::move(A), M));
      }
    }
    // What the caller passes is each call's own: only the object and
    // globals are shared between two calls.
    llvm::erase_if(R.Accesses, [](const Access &A) {
      return !A.Path.isThis() && !A.Path.Root->hasGlobalStorage();
    });
    ContractRuns.push_back(std::move(R));
  }
}

std::optional<AccessPath> ThreadRuns::poolPath(const ThreadRun &R) const {
  const Expr *Pool = R.Fact->Start.Pool;
  if (!Pool)
    return std::nullopt;
  const PathBuilder &Paths = *Analysis.facts(R.Starter).Paths;
  return Pool->getType()->isPointerType() ? Paths.pointee(Pool) : Paths.lvalue(Pool);
}

/// The pool held by \p P's variable, when it is built with one thread.
static const VarDecl *oneThreadPool(const AccessPath &P, ASTContext &Ctx) {
  if (!P.Root || !P.Steps.empty())
    return nullptr;
  const auto *Construct = dyn_cast_or_null<CXXConstructExpr>(
      P.Root->getInit() ? P.Root->getInit()->IgnoreImplicit() : nullptr);
  if (!Construct || Construct->getNumArgs() < 1 || Construct->getArg(0)->isValueDependent())
    return nullptr;
  Expr::EvalResult Threads;
  if (!Construct->getArg(0)->EvaluateAsInt(Threads, Ctx) || Threads.Val.getInt() != 1)
    return nullptr;
  return P.Root;
}

void ThreadRuns::placeOnPools() {
  ASTContext &Ctx = Analysis.context();
  std::vector<bool> Inline(Runs.size(), false);
  for (size_t I = 0; I < Runs.size(); ++I) {
    ThreadRun &R = Runs[I];
    std::optional<AccessPath> Pool = poolPath(R);
    if (!Pool)
      continue;
    R.SerialPool = oneThreadPool(*Pool, Ctx);
    // Is the starter only ever a job of this pool: every start of it seen a
    // post to the pool it posts to here, and no plain call of it?
    bool OnlyAJob = !Analysis.isCalled(R.Starter), Posted = false;
    const VarDecl *Serial = nullptr;
    for (const ThreadRun &Outer : Runs) {
      if (!OnlyAJob || Outer.Fact->Bind.Callee != R.Starter)
        continue;
      std::optional<AccessPath> OuterPool = poolPath(Outer);
      std::optional<AccessPath> Here = SharedAccessAnalysis::substitute(
          *Pool, Outer.Fact->Bind, Analysis.facts(Outer.Starter).Paths.get());
      OnlyAJob = OuterPool && Here && *Here == *OuterPool;
      if (!OnlyAJob || &Outer == &R)
        continue; // (a job reposting itself posts to the pool it was given)
      const VarDecl *Held = oneThreadPool(*OuterPool, Ctx);
      Serial = Posted && Serial != Held ? nullptr : Held;
      Posted = true;
    }
    if (!OnlyAJob || !Posted)
      continue;
    if (R.Fact->Start.InlineOnPoolThread)
      Inline[I] = true; // on the pool's own thread: runs before dispatch returns
    if (Serial) {
      R.SerialPool = Serial;
      R.WindowBegin = R.WindowEnd; // after its poster returns
    }
  }
  for (ThreadRun &R : Runs)
    if (R.SerialPool)
      R.Repeats = false;
  for (size_t I = Runs.size(); I-- > 0;)
    if (Inline[I])
      Runs.erase(Runs.begin() + I);
}

bool ThreadRuns::before(SourceLocation A, SourceLocation B) const {
  return SM.isBeforeInTranslationUnit(SM.getFileLoc(A), SM.getFileLoc(B));
}
bool ThreadRuns::within(SourceLocation L, SourceLocation Begin, SourceLocation End) const {
  return !before(L, Begin) && before(L, End);
}

ThreadRun ThreadRuns::makeRun(const FunctionDecl *Starter, const StartFact &Fact) {
  ThreadRun R;
  R.Starter = Starter;
  R.Fact = &Fact;
  const FunctionFacts &Facts = Analysis.facts(Starter);
  for (const Access &A : Analysis.exported(Fact.Bind.Callee))
    if (auto S =
            SharedAccessAnalysis::substitute(A, Fact.Bind, Facts.Paths.get(), Lockset(), A.Order))
      R.Accesses.push_back(std::move(*S));
  SourceLocation Start = Fact.Start.Call->getBeginLoc();
  SourceLocation StartEnd = Fact.Start.Call->getEndLoc();
  SourceLocation FunctionEnd = Starter->getBody()->getEndLoc();
  R.WindowBegin = StartEnd;
  R.WindowEnd = FunctionEnd;
  R.Escapes = Fact.Escapes;
  if (Fact.JoinsAtOnce) {
    R.WindowEnd = StartEnd;
  } else if (!Fact.Escapes) {
    const HandleFact *End = nullptr;
    if (!Fact.HandleKey.empty())
      for (const HandleFact &H : Facts.Handles)
        if (H.HandleKey == Fact.HandleKey && before(Start, H.Loc) &&
            (!End || before(H.Loc, End->Loc)))
          End = &H;
    if (!End || End->Op == HandleOperation::Detach)
      R.Escapes = true;
    else
      R.WindowEnd = End->Loc;
  }
  // A start in a loop that does not also join each time runs alongside
  // its next iterations, and so alongside itself.
  for (const SourceRange &Loop : Fact.Loops)
    if (R.Escapes || !within(R.WindowEnd, Loop.getBegin(), Loop.getEnd())) {
      R.Repeats = true;
      R.WindowBegin = Loop.getBegin();
      break;
    }
  return R;
}

bool ThreadRuns::joinedBefore(const ThreadRun &Contract, const Access &Member,
                              const Access &Other) const {
  auto Keys = Contract.JoinedBy.find(Member.PublicMember);
  if (Keys == Contract.JoinedBy.end() || !Other.PublicMember)
    return false;
  for (const HandleFact &H : Analysis.facts(Other.PublicMember).Handles)
    if (H.Op == HandleOperation::Join && llvm::is_contained(Keys->second, H.HandleKey) &&
        before(H.Loc, Other.Order))
      return true;
  return false;
}

bool ThreadRuns::concurrent(const ThreadRun &A, const ThreadRun &B) const {
  if (A.SerialPool && A.SerialPool == B.SerialPool)
    return false; // one thread runs both, one after the other
  if (A.Starter != B.Starter)
    return A.Escapes || B.Escapes;
  SourceLocation StartA = A.Fact->Start.Call->getBeginLoc();
  SourceLocation StartB = B.Fact->Start.Call->getBeginLoc();
  return within(StartB, A.WindowBegin, A.WindowEnd) || within(StartA, B.WindowBegin, B.WindowEnd);
}

std::vector<Access> ThreadRuns::starterAccesses(const ThreadRun &R) {
  std::vector<Access> Result;
  SourceRange StartCall = R.Fact->Start.Call->getSourceRange();
  for (const Access &A : Analysis.accesses(R.Starter)) {
    if (!within(A.Order, R.WindowBegin, R.WindowEnd))
      continue;
    if (!before(A.Order, StartCall.getBegin()) && !before(StartCall.getEnd(), A.Order))
      continue; // The start's own arguments are evaluated before the thread runs.
    Result.push_back(Analysis.resolveGuardParams(A, R.Starter));
  }
  return Result;
}

template <class EndFn>
std::vector<Access> ThreadRuns::publicMembers(const CXXRecordDecl *Class,
                                              llvm::ArrayRef<const FunctionDecl *> Skip,
                                              EndFn EndOf) {
  std::vector<Access> Result;
  for (const CXXMethodDecl *M : Class->methods()) {
    if (M->getAccess() != AS_public || !M->isInstance() || isa<CXXConstructorDecl>(M) ||
        isa<CXXDestructorDecl>(M) || M->isImplicit() || M->isDeleted() ||
        M->isCopyAssignmentOperator() || M->isMoveAssignmentOperator())
      continue;
    const FunctionDecl *Def = Analysis.followable(M);
    if (!Def || llvm::is_contained(Skip, Def) || Analysis.calledOnlyOnOwnThread(Def))
      continue;
    SourceLocation End = EndOf(Def);
    for (Access &A : Analysis.exported(Def))
      if (before(A.Order, End)) {
        A.PublicMember = Def;
        Result.push_back(Analysis.resolveGuardParams(std::move(A), Def));
      }
  }
  return Result;
}

std::vector<Access> ThreadRuns::publicMemberAccesses(const ThreadRun &R) {
  const auto *Starter = dyn_cast<CXXMethodDecl>(R.Starter);
  if (!Starter || Starter->getParent()->isLambda())
    return {};
  bool UsesThis = llvm::any_of(R.Accesses, [](const Access &A) { return A.Path.isThis(); });
  if (!UsesThis)
    return {};
  // Each up to where it joins the thread, if it does.
  return publicMembers(Starter->getParent(), {R.Starter, R.Fact->Bind.Callee},
                       [&](const FunctionDecl *Def) {
                         SourceLocation End = Def->getBody()->getEndLoc();
                         for (const HandleFact &H : Analysis.facts(Def).Handles)
                           if (H.HandleKey == R.Fact->HandleKey && H.Op == HandleOperation::Join &&
                               before(H.Loc, End))
                             End = H.Loc;
                         return End;
                       });
}

bool conflicts(const Access &T, const Access &O) {
  if (!T.IsWrite && !O.IsWrite)
    return false;
  if (orderedThroughAtomics(T, O))
    return false;
  if (T.Path.mayAlias(O.Path))
    return true;
  // A whole object against a part of it: a write of the whole touches
  // every part it contains, a read of a container does not read its
  // elements, and neither touches what a pointer in it points to.
  auto PartConflict = [](const Access &Whole, const Access &Part) {
    for (size_t I = Whole.Path.Steps.size(); I < Part.Path.Steps.size(); ++I) {
      PathStep::Kind K = Part.Path.Steps[I].K;
      if (K == PathStep::Kind::Deref || (K == PathStep::Kind::Element && !Whole.IsWrite))
        return false;
    }
    return true;
  };
  if (T.Path.mayBePrefixOf(O.Path))
    return PartConflict(T, O);
  if (O.Path.mayBePrefixOf(T.Path))
    return PartConflict(O, T);
  return false;
}

} // namespace clang::tidy::concur
