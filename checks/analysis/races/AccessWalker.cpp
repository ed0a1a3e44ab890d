//===--- AccessWalker.cpp - concur ----------------------------------------===//

#include "analysis/races/AccessWalker.h"
#include "analysis/ast/FrameCodeWalker.h"
#include "analysis/ast/QualifiedNames.h"
#include "analysis/locks/LockState.h"
#include "analysis/races/AtomicOrdering.h"
#include "analysis/races/MemoryFunctions.h"
#include "analysis/races/ThreadHandles.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringSet.h"

namespace clang::tidy::concur {

namespace {

/// The locks held, except those of the holders passed to a callee as guards
/// (Binding::GuardParams): the callee holds those until it unlocks them.
Lockset locksetOf(const LockState<HeldLock> &State,
                  llvm::ArrayRef<std::string> PassedHolders = {}) {
  Lockset L;
  for (const auto &E : State.entries())
    if (!llvm::is_contained(PassedHolders, E.Holder))
      L.add(E.Held);
  return L;
}

/// A non-const member of a library class that only hands out access
/// (std::map::at, find, begin, front, data, ...): calling it is a read.
bool isNonMutatingAccessor(const CXXMethodDecl *MD) {
  static const llvm::StringSet<> Names = {
      "at",     "find",     "begin",  "end",      "rbegin",      "rend",        "cbegin",
      "cend",   "front",    "back",   "data",     "lower_bound", "upper_bound", "equal_range",
      "count",  "size",     "empty",  "contains", "c_str",       "get",         "value",
      "length", "capacity", "substr", "compare",  "starts_with", "ends_with"};
  if (!MD->getASTContext().getSourceManager().isInSystemHeader(MD->getLocation()))
    return false;
  return Names.contains(identifierName(MD));
}

const Expr *stripMove(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *Call = dyn_cast<CallExpr>(E))
    if (const FunctionDecl *Callee = Call->getDirectCallee(); Callee && Call->getNumArgs() == 1) {
      std::string Name = qualifiedName(Callee);
      if (Name == "std::move" || Name == "std::forward")
        return Call->getArg(0);
    }
  return E;
}

bool isMoveCall(const Expr *E) {
  const auto *Call = dyn_cast<CallExpr>(E->IgnoreParenImpCasts());
  return Call && Call->getDirectCallee() && qualifiedName(Call->getDirectCallee()) == "std::move";
}

/// std::jthread, or a container of them: destroying it joins.
bool joinsOnDestruction(QualType T) {
  if (recordName(T) == "std::jthread")
    return true;
  std::optional<QualType> Element = firstTypeArgument(T);
  return Element && recordName(*Element) == "std::jthread";
}

bool containsStdAsync(const Expr *E) {
  struct Finder : FrameVisitor<Finder> {
    bool Found = false;
    bool VisitCallExpr(CallExpr *C) {
      if (C->getDirectCallee() && qualifiedName(C->getDirectCallee()) == "std::async")
        Found = true;
      return !Found;
    }
  } F;
  F.TraverseStmt(const_cast<Expr *>(E));
  return F.Found;
}

/// A forwarding reference (T&& in a template, or a pack of them: Args&&...):
/// binds anything, modifies nothing by itself.
bool isForwardingParam(const FunctionDecl *Callee, unsigned Index) {
  const FunctionDecl *Pattern = Callee->getTemplateInstantiationPattern();
  if (!Pattern)
    return false;
  // The instantiation's parameter Index in the pattern: a pack stands for as
  // many parameters as the instantiation has beyond the pattern's others.
  const unsigned Extra =
      Callee->getNumParams() + 1 - std::min(Callee->getNumParams() + 1, Pattern->getNumParams());
  const ParmVarDecl *Param = nullptr;
  for (unsigned P = 0, I = 0; P < Pattern->getNumParams(); ++P) {
    const ParmVarDecl *Candidate = Pattern->getParamDecl(P);
    const unsigned Width = Candidate->isParameterPack() ? Extra : 1;
    if (Index < I + Width) {
      Param = Candidate;
      break;
    }
    I += Width;
  }
  if (!Param)
    return false;
  QualType T = Param->getType();
  if (const auto *Pack = T->getAs<PackExpansionType>())
    T = Pack->getPattern();
  const auto *RRef = T->getAs<RValueReferenceType>();
  return RRef && RRef->getPointeeType()->isDependentType();
}

/// One pass over a function's frame code, in order: accesses with the locks
/// that must be held there, calls into followable functions with their
/// bindings, thread starts and the joins and detaches of their handles.
class AccessWalker : public FrameVisitor<AccessWalker> {
  using Base = FrameVisitor<AccessWalker>;
  using Locks = LockState<HeldLock>;

public:
  AccessWalker(SharedAccessAnalysis &Analysis, const FunctionDecl *F, FunctionFacts &Out)
      : Analysis(Analysis), Ctx(Analysis.context()), F(F), Out(Out), Paths(*Out.Paths) {}

  void run() {
    Scopes.emplace_back();
    holdGuardParameters();
    walkFunction(F);
    noteUnlockedGuards(Locks::mayJoin(Returned, State));
    Scopes.pop_back();
    for (Access &A : Out.Own)
      orderThroughAtomics(A, Out, A.Order, Ctx.getSourceManager());
  }

  // Control flow, for the locks.
  bool TraverseCompoundStmt(CompoundStmt *S) {
    Scopes.emplace_back();
    for (Stmt *Child : S->body())
      TraverseStmt(Child);
    for (const VarDecl *Guard : Scopes.back().Guards)
      State.release(declKey(Guard));
    for (const std::string &Key : Scopes.back().Joins)
      Out.Handles.push_back({Key, HandleOperation::Join, S->getRBracLoc()});
    Scopes.pop_back();
    return true;
  }
  bool TraverseIfStmt(IfStmt *S) {
    if (S->getInit())
      TraverseStmt(S->getInit());
    // `if (ready) use();`, or `if (!ready) return; use();`.
    if (mayFallThrough(S->getThen()))
      Waits.emplace_back(S->getThen()->getBeginLoc(), S->getThen()->getEndLoc());
    else
      Waits.emplace_back(S->getEndLoc(), F->getBody()->getEndLoc());
    if (S->getConditionVariableDeclStmt())
      TraverseStmt(S->getConditionVariableDeclStmt());
    TraverseStmt(S->getCond());
    Waits.pop_back();
    Locks ElseIn = State;
    // `if (!lock.owns_lock()) lock.lock();`: where the test says the guard
    // owns its mutex, it holds it.
    if (auto [Guard, Owns] = ownsLockTest(S->getCond()); Guard)
      holdGuard(Owns ? State : ElseIn, Guard);
    // `if (busy.compare_exchange_strong(expected, true))`: a spin flag taken.
    bool Negated = false;
    if (auto Flag = Analysis.locks().atomicFlagAcquiredIf(S->getCond(), Negated)) {
      if (Negated)
        std::swap(State, ElseIn);
      applyLock(*Flag);
      if (Negated)
        std::swap(State, ElseIn);
    }
    const size_t Owned = ThreadOwned.size();
    collectThreadOwned(S->getCond());
    TraverseStmt(S->getThen());
    ThreadOwned.resize(Owned);
    Locks Then = State;
    State = ElseIn;
    if (S->getElse())
      TraverseStmt(S->getElse());
    State = Locks::mustJoin(Then, State);
    return true;
  }
  bool TraverseForStmt(ForStmt *S) {
    if (S->getInit())
      TraverseStmt(S->getInit());
    return loop(S, [&] {
      TraverseStmt(S->getCond());
      TraverseStmt(S->getBody());
      TraverseStmt(S->getInc());
    });
  }
  bool TraverseWhileStmt(WhileStmt *S) {
    return loop(S, [&] {
      if (S->getConditionVariableDeclStmt())
        TraverseStmt(S->getConditionVariableDeclStmt());
      TraverseStmt(S->getCond());
      TraverseStmt(S->getBody());
    });
  }
  bool TraverseDoStmt(DoStmt *S) {
    return loop(S, [&] {
      TraverseStmt(S->getBody());
      TraverseStmt(S->getCond());
    });
  }
  bool TraverseCXXForRangeStmt(CXXForRangeStmt *S) {
    if (S->getInit())
      TraverseStmt(S->getInit());
    Expr *Range = S->getRangeInit();
    TraverseStmt(Range);
    std::optional<AccessPath> Elements;
    if (std::optional<AccessPath> P = Paths.lvalue(Range)) {
      record(*P, Range, false, AccessForm::Other, false);
      Elements = P->withStep(PathStep::element());
    }
    if (const VarDecl *V = S->getLoopVariable()) {
      if (V->getType()->isReferenceType())
        Paths.setAlias(V, Elements);
      else if (Elements)
        record(*Elements, Range, false, AccessForm::Other, false);
    }
    return loop(S, [&] { TraverseStmt(S->getBody()); });
  }
  bool TraverseSwitchStmt(SwitchStmt *S) {
    if (S->getInit())
      TraverseStmt(S->getInit());
    TraverseStmt(S->getCond());
    Locks In = State;
    TraverseStmt(S->getBody());
    State = Locks::mustJoin(In, State);
    return true;
  }
  bool TraverseReturnStmt(ReturnStmt *S) {
    Base::TraverseReturnStmt(S);
    Returned = Locks::mayJoin(Returned, State);
    State.markDead();
    return true;
  }
  bool TraverseCXXThrowExpr(CXXThrowExpr *E) {
    Base::TraverseCXXThrowExpr(E);
    State.markDead(); // `if (!ok) { lock.unlock(); throw ...; }` leaves by the throw
    return true;
  }
  bool TraverseBreakStmt(BreakStmt *) {
    State.markDead();
    return true;
  }
  bool TraverseContinueStmt(ContinueStmt *) {
    State.markDead();
    return true;
  }

  // Accesses.
  bool VisitImplicitCastExpr(ImplicitCastExpr *E) {
    if (E->getCastKind() == CK_LValueToRValue)
      access(E->getSubExpr(), false, AccessForm::Load);
    return true;
  }
  bool VisitBinaryOperator(BinaryOperator *E) {
    if (!E->isAssignmentOp())
      return true;
    access(E->getLHS(), true,
           E->isCompoundAssignmentOp() ? AccessForm::Compound : AccessForm::Store);
    // A local pointer pointed elsewhere.
    if (const auto *Ref = dyn_cast<DeclRefExpr>(E->getLHS()->IgnoreParenImpCasts()))
      if (const auto *V = dyn_cast<VarDecl>(Ref->getDecl());
          V && Paths.isOwn(V) && V->getType()->isPointerType())
        Paths.setAlias(V, E->getOpcode() == BO_Assign ? Paths.pointee(E->getRHS()) : std::nullopt);
    return true;
  }
  bool VisitUnaryOperator(UnaryOperator *E) {
    if (E->isIncrementDecrementOp())
      access(E->getSubExpr(), true, AccessForm::IncDec);
    return true;
  }
  bool VisitCXXConstructExpr(CXXConstructExpr *E) {
    if (std::optional<ThreadStart> Start = threadStart(E)) {
      start(*Start);
      return true;
    }
    const CXXConstructorDecl *Ctor = E->getConstructor();
    if (Ctor->isCopyOrMoveConstructor() && E->getNumArgs() >= 1 &&
        !Analysis.isThreadSafeType(E->getType())) {
      const Expr *Arg = E->getArg(0);
      bool Move = Ctor->isMoveConstructor() || isMoveCall(Arg);
      access(stripMove(Arg), Move, AccessForm::Other);
    }
    return true;
  }
  bool VisitCallExpr(CallExpr *E) {
    call(E);
    return true;
  }
  bool VisitAtomicExpr(AtomicExpr *E) {
    if (std::optional<AtomicOperation> Op = atomicOperation(E, Ctx))
      atomic(*Op, E);
    return true;
  }
  bool VisitVarDecl(VarDecl *V) {
    if (!V->isLocalVarDecl() || V->isStaticLocal())
      return true; // A static local's first initialisation is thread-safe.
    const LockModel &Locks = Analysis.locks();
    if (std::optional<LockMode> Mode = Locks.guardMode(V->getType());
        Mode && !V->getType()->isReferenceType()) {
      std::vector<const Expr *> MutexExprs;
      std::optional<LockOperation> Op = Locks.guardAcquisition(V);
      if (Op) {
        MutexExprs = Op->MutexExprs;
      } else if (const auto *Construct = dyn_cast_or_null<CXXConstructExpr>(
                     V->getInit() ? V->getInit()->IgnoreImplicit() : nullptr)) {
        for (const Expr *Arg : Construct->arguments()) // std::defer_lock: locked later.
          if (Locks.isMutexType(Arg->getType()))
            MutexExprs.push_back(Arg);
      }
      std::vector<HeldLock> &Held = GuardLocks[V];
      for (const Expr *M : MutexExprs)
        if (std::optional<AccessPath> P = mutexPath(M))
          Held.push_back({*P, *Mode});
      if (Op)
        for (const HeldLock &L : Held)
          State.acquire(declKey(V), L);
      Scopes.back().Guards.push_back(V);
      return true;
    }
    if (const Expr *Init = V->getInit()) {
      if (V->getType()->isPointerType() && isThreadLocalObject(Init))
        ThreadLocalCopies.insert(V);
      if (V->getType()->isReferenceType())
        Paths.setAlias(V, Paths.lvalue(stripMove(Init)));
      else if (V->getType()->isPointerType())
        Paths.setAlias(V, Paths.pointee(Init));
    }
    if (joinsOnDestruction(V->getType()) || (recordName(V->getType()) == "std::future" &&
                                             V->getInit() && containsStdAsync(V->getInit())))
      Scopes.back().Joins.push_back(declKey(V));
    return true;
  }

private:
  struct Scope {
    std::vector<const VarDecl *> Guards;
    std::vector<std::string> Joins;
  };

  template <class Fn> bool loop(Stmt *S, Fn Body) {
    Locks In = State;
    Loops.push_back(S->getSourceRange());
    Waits.emplace_back(S->getEndLoc(), F->getBody()->getEndLoc());
    Body();
    Waits.pop_back();
    Loops.pop_back();
    State = Locks::afterLoop(In, State);
    if (In.isDead())
      State.markDead();
    return true;
  }

  std::optional<AccessPath> mutexPath(const Expr *E) const {
    std::optional<AccessPath> P =
        E->getType()->isPointerType() ? Paths.pointee(E) : Paths.lvalue(E);
    if (P)
      return P;
    // The library's own objects are no shared data, but they can be locks:
    // flockfile(stdout) locks the stream *stdout.
    const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
    const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
    if (!Var || !Var->hasGlobalStorage())
      return std::nullopt;
    AccessPath Global;
    Global.Root = Var->getCanonicalDecl();
    if (E->getType()->isPointerType())
      Global.Steps.push_back(PathStep::deref());
    return Global;
  }

  /// `lock.owns_lock()`, `lock` as a bool, `!lock.owns_lock()`: the guard
  /// tested, and whether the condition is true where it owns its mutex.
  std::pair<const VarDecl *, bool> ownsLockTest(const Expr *Cond) const {
    Cond = Cond->IgnoreParenImpCasts();
    if (const auto *Not = dyn_cast<UnaryOperator>(Cond); Not && Not->getOpcode() == UO_LNot) {
      auto [Guard, Owns] = ownsLockTest(Not->getSubExpr());
      return {Guard, !Owns};
    }
    const auto *Call = dyn_cast<CXXMemberCallExpr>(Cond);
    const CXXMethodDecl *Method = Call ? Call->getMethodDecl() : nullptr;
    if (!Method || !(identifierName(Method) == "owns_lock" || isa<CXXConversionDecl>(Method)))
      return {nullptr, false};
    const Expr *Object = Call->getImplicitObjectArgument();
    if (!Analysis.locks().guardMode(Object->getType()))
      return {nullptr, false};
    const auto *Guard = dyn_cast_or_null<VarDecl>(LockModel::namedObject(Object));
    if (!Guard || !GuardLocks.count(Guard))
      return {nullptr, false};
    return {Guard, true};
  }
  void holdGuard(Locks &In, const VarDecl *Guard) {
    for (const HeldLock &L : GuardLocks[Guard])
      In.acquire(declKey(Guard), L);
  }

  /// A thread_local object, a member of one, or a local pointer copied
  /// from one (`auto w = s_tl_data.this_worker;`).
  bool isThreadLocalObject(const Expr *E) const {
    E = E->IgnoreParenImpCasts();
    if (const auto *Member = dyn_cast<MemberExpr>(E))
      return !Member->isArrow() && isThreadLocalObject(Member->getBase());
    const auto *Ref = dyn_cast<DeclRefExpr>(E);
    const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
    return Var && (Var->getTLSKind() != VarDecl::TLS_None || ThreadLocalCopies.contains(Var));
  }
  /// `if (s_tl_worker == this)`: in that branch the object is the one the
  /// running thread registered in its thread_local, its own, the way a pool
  /// worker takes jobs from its own thread into a queue only it drains.
  /// What is reached through it there is not shared.
  void collectThreadOwned(const Expr *Cond) {
    const auto *B = dyn_cast<BinaryOperator>(Cond->IgnoreParenImpCasts());
    if (!B)
      return;
    if (B->getOpcode() == BO_LAnd) {
      collectThreadOwned(B->getLHS());
      collectThreadOwned(B->getRHS());
      return;
    }
    if (B->getOpcode() != BO_EQ || !B->getLHS()->getType()->isPointerType())
      return;
    for (auto [Registered, Object] :
         {std::pair(B->getLHS(), B->getRHS()), std::pair(B->getRHS(), B->getLHS())})
      if (isThreadLocalObject(Registered))
        if (std::optional<AccessPath> P = Paths.pointee(Object))
          ThreadOwned.push_back(std::move(*P));
  }
  bool isThreadOwned(const std::optional<AccessPath> &P) const {
    return P && llvm::any_of(ThreadOwned,
                             [&](const AccessPath &O) { return O == *P || O.isPrefixOf(*P); });
  }
  /// A callee's view of what it was given: nothing shared of a thread-owned object.
  void dropThreadOwned(Binding &Bind) const {
    if (isThreadOwned(Bind.This))
      Bind.This.reset();
    for (auto &[Param, Target] : Bind.Params)
      if (isThreadOwned(Target))
        Target.reset();
  }

  void record(const AccessPath &P, const Expr *E, bool Write, AccessForm Form, bool PerThread) {
    if (isThreadOwned(P))
      return;
    Access A;
    A.Path = P;
    A.IsWrite = Write;
    A.Form = Form;
    A.E = E;
    A.Function = F;
    A.Locks = locksetOf(State);
    A.PerThreadSlot = PerThread;
    A.Order = E->getBeginLoc();
    Out.Own.push_back(std::move(A));
  }

  void access(const Expr *LV, bool Write, AccessForm Form) {
    if (!LV || Analysis.isThreadSafeType(LV->getType()))
      return;
    Paths.LastIndex = nullptr;
    std::optional<AccessPath> P = Paths.lvalue(LV);
    if (!P)
      return;
    bool PerThread = Paths.LastIndex && Paths.isPerInvocation(Paths.LastIndex);
    record(*P, LV->IgnoreParenImpCasts(), Write, Form, PerThread);
  }

  void objectAccess(const Expr *Object, bool Write) {
    if (Object->getType()->isPointerType()) {
      if (std::optional<AccessPath> P = Paths.pointee(Object))
        record(*P, Object->IgnoreParenImpCasts(), Write, AccessForm::Other, false);
      return;
    }
    access(Object, Write, AccessForm::Other);
  }

  /// A guard passed by reference (`std::unique_lock<std::mutex> &lock`) is
  /// held on entry, on behalf of the caller: the call names the mutex
  /// (Binding::GuardParams), and `lock.unlock()` here ends the hold.
  void holdGuardParameters() {
    for (const ParmVarDecl *P : F->parameters()) {
      if (!P->getType()->isReferenceType())
        continue;
      std::optional<LockMode> Mode = Analysis.locks().guardMode(P->getType().getNonReferenceType());
      if (!Mode)
        continue;
      AccessPath Guard;
      Guard.Root = P;
      Guard.Steps.push_back(PathStep::deref());
      HeldLock L{std::move(Guard), *Mode};
      GuardLocks[P] = {L};
      State.acquire(declKey(P), L);
    }
  }

  /// The guard parameters no return holds (\p AtExit: what any may hold).
  void noteUnlockedGuards(const Locks &AtExit) {
    for (const ParmVarDecl *P : F->parameters())
      if (GuardLocks.count(P) &&
          !llvm::any_of(AtExit.entries(), [&](const auto &E) { return E.Holder == declKey(P); }))
        Out.UnlocksGuards.push_back(P);
  }
  /// After a call that unlocks guards it was given on every return, their
  /// holds end here too.
  void endUnlockedGuards(const FunctionDecl *Def, const CallExpr *Call, unsigned First) {
    for (const ParmVarDecl *P : Analysis.facts(Def).UnlocksGuards) {
      unsigned I = First + P->getFunctionScopeIndex();
      if (I < Call->getNumArgs())
        if (const ValueDecl *Guard = LockModel::namedObject(stripMove(Call->getArg(I))))
          State.release(declKey(Guard));
    }
  }

  /// Binds the callee's parameters; returns the holders of the guards it is given.
  std::vector<std::string> bindParams(Binding &Bind, const FunctionDecl *Def, const CallExpr *Call,
                                      unsigned First) {
    std::vector<std::string> PassedHolders;
    for (unsigned I = First; I < Call->getNumArgs(); ++I) {
      unsigned Index = I - First;
      if (Index >= Def->getNumParams())
        break;
      const ParmVarDecl *P = Def->getParamDecl(Index);
      const Expr *Arg = Call->getArg(I);
      if (P->getType()->isReferenceType() &&
          Analysis.locks().guardMode(P->getType().getNonReferenceType())) {
        std::vector<HeldLock> &Held = Bind.GuardParams[P];
        if (const ValueDecl *Guard = LockModel::namedObject(stripMove(Arg))) {
          PassedHolders.push_back(declKey(Guard));
          for (const auto &E : State.entries())
            if (E.Holder == PassedHolders.back())
              Held.push_back(E.Held);
        }
      }
      if (P->getType()->isReferenceType())
        Bind.Params[P] = Paths.lvalue(stripMove(Arg));
      else if (P->getType()->isPointerType())
        Bind.Params[P] = Paths.pointee(Arg);
    }
    return PassedHolders;
  }

  /// Records a call into a followable function (its callee and object bound):
  /// the arguments, the locks held, and the guards it unlocks for good.
  void addCall(CallFact Fact, const CallExpr *Call, unsigned First) {
    const FunctionDecl *Def = Fact.Bind.Callee;
    std::vector<std::string> Passed = bindParams(Fact.Bind, Def, Call, First);
    dropThreadOwned(Fact.Bind);
    Fact.Locks = locksetOf(State, Passed);
    Out.Calls.push_back(std::move(Fact));
    endUnlockedGuards(Def, Call, First);
  }

  /// A function we cannot see into: what it may do to what it is given by reference.
  void unknownArguments(const CallExpr *Call, const FunctionDecl *Callee, unsigned First) {
    for (unsigned I = First; I < Call->getNumArgs(); ++I) {
      unsigned Index = I - First;
      if (Index >= Callee->getNumParams())
        break;
      QualType T = Callee->getParamDecl(Index)->getType();
      const Expr *Arg = Call->getArg(I);
      if (!T->isReferenceType() || Analysis.isThreadSafeType(Arg->getType()))
        continue;
      bool Write = !T.getNonReferenceType().isConstQualified() && !isForwardingParam(Callee, Index);
      if (T->isRValueReferenceType())
        Arg = stripMove(Arg);
      access(Arg, Write, AccessForm::Other);
    }
  }

  /// A start whose work runs on another thread; a task spawned on this
  /// thread's loop is an ordinary call for the race check.
  std::optional<ThreadStart> threadStart(const Expr *E) const {
    // A thread wrapper's constructor: its thread is the one started where
    // the wrapper is constructed, with the callable it was given there.
    if (Analysis.starts().isWrapperConstructor(F))
      return std::nullopt;
    std::optional<ThreadStart> Start = Analysis.starts().recognize(E);
    if (Start && !Start->runsOnAnotherThread())
      return std::nullopt;
    return Start;
  }

  void applyLock(const LockOperation &Op) {
    if (Op.IsGuard) {
      const auto *Guard = dyn_cast_or_null<VarDecl>(Op.Held);
      if (!Guard)
        return;
      if (Op.K == LockOperation::Kind::Release) {
        State.release(declKey(Guard));
        if (Op.Disowns) // release(): still locked, now by hand
          for (const HeldLock &L : GuardLocks[Guard])
            State.acquire("m" + L.Mutex.key(), L);
        return;
      }
      for (const HeldLock &L : GuardLocks[Guard])
        State.acquire(declKey(Guard), L);
      return;
    }
    for (const Expr *M : Op.MutexExprs) {
      std::optional<AccessPath> P = mutexPath(M);
      if (!P)
        continue;
      if (Op.K == LockOperation::Kind::Acquire)
        State.acquire("m" + P->key(), {*P, Op.Mode});
      else
        State.releaseIf([&](const HeldLock &L) { return L.Mutex == *P; });
    }
  }

  /// Releases and acquires, in program order. A relaxed load counts as an
  /// acquire at a later acquire fence, a relaxed store as a release after an
  /// earlier release fence. An acquire counts only where its thread waited
  /// for the value: after the loop it is in, or in the branch its `if` tests
  /// (an unconditional `++counter` orders nothing: the other thread's
  /// increment may come later). A limit: a wait inside a branch counts up to
  /// the end of the function.
  void atomic(const AtomicOperation &Op, const Expr *E) {
    std::optional<AccessPath> P =
        Op.ObjectIsPointer ? Paths.pointee(Op.Object) : Paths.lvalue(Op.Object);
    if (!P)
      return;
    if (Op.Loads && !Waits.empty()) {
      if (Op.Acquire)
        Out.Atomics.push_back({*P, true, false, Waits.back().getBegin(), Waits.back().getEnd()});
      else
        RelaxedLoads.push_back({*P, Waits.back()});
    }
    if (Op.Release || (Op.Stores && AfterReleaseFence))
      Out.Atomics.push_back({*P, false, true, E->getEndLoc(), E->getEndLoc()});
  }
  void fence(const Fence &Fence, const Expr *E) {
    const SourceManager &SM = Ctx.getSourceManager();
    if (Fence.Acquire)
      for (const auto &[P, Wait] : RelaxedLoads) {
        SourceLocation Begin = Wait.getBegin();
        if (SM.isBeforeInTranslationUnit(SM.getFileLoc(Begin), SM.getFileLoc(E->getEndLoc())))
          Begin = E->getEndLoc();
        Out.Atomics.push_back({P, true, false, Begin, Wait.getEnd()});
      }
    AfterReleaseFence |= Fence.Release;
  }

  void call(const CallExpr *E) {
    if (std::optional<Fence> Fence = threadFence(E, Ctx)) {
      fence(*Fence, E);
      return;
    }
    if (std::optional<AtomicOperation> Op = atomicOperation(E, Ctx)) {
      if (std::optional<LockOperation> Flag = Analysis.locks().atomicFlagOperation(E))
        applyLock(*Flag); // a spin flag, and an atomic access all the same
      atomic(*Op, E);
      return;
    }
    if (std::optional<ThreadStart> Start = threadStart(E)) {
      start(*Start);
      return;
    }
    if (std::optional<LockOperation> Op = Analysis.locks().callOperation(E)) {
      applyLock(*Op);
      return;
    }
    if (auto Handle = Analysis.starts().handleOperation(E)) {
      Out.Handles.push_back({handleKey(Handle->second, Paths), Handle->first, E->getBeginLoc()});
      return;
    }
    const FunctionDecl *Callee = E->getDirectCallee();
    if (!Callee)
      return;
    static const llvm::StringSet<> NotAccesses = {"std::move",   "std::forward",   "std::ref",
                                                  "std::cref",   "std::addressof", "std::as_const",
                                                  "std::declval"};
    if (NotAccesses.contains(qualifiedName(Callee)))
      return;
    if (auto Through = memoryFunctionAccesses(Callee)) {
      for (const PointeeAccess &A : *Through)
        if (A.Arg < E->getNumArgs())
          if (std::optional<AccessPath> P = Paths.pointee(E->getArg(A.Arg))) {
            // memcpy(&buf[5], ...) covers a range from the element on.
            if (!P->Steps.empty())
              P->Steps.back().Index.reset();
            record(*P, E->getArg(A.Arg)->IgnoreParenImpCasts(), A.Write, AccessForm::Other, false);
          }
      return;
    }
    const auto *Method = dyn_cast<CXXMethodDecl>(Callee);
    const Expr *Object = nullptr;
    unsigned First = 0;
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(E)) {
      Object = Member->getImplicitObjectArgument();
    } else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E);
               Op && Method && Method->isInstance()) {
      Object = Op->getArg(0);
      First = 1;
    }
    const FunctionDecl *Def = Analysis.followable(Callee);
    if (Object && Method && Method->isInstance()) {
      QualType ObjectType = Object->getType();
      if (Analysis.isThreadSafeType(ObjectType) && !Def)
        return;
      if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E)) {
        if (Op->getOperator() == OO_Subscript && isSequenceContainer(ObjectType))
          return; // The element is what is read or written.
        if ((Op->getOperator() == OO_Star || Op->getOperator() == OO_Arrow) &&
            isSmartPointer(ObjectType)) {
          objectAccess(Object, false);
          return;
        }
      }
      if (!Def)
        Def = Analysis.imported(Callee); // defined in another TU
      if (Def) {
        CallFact Fact;
        Fact.Call = E;
        Fact.Bind.Callee = Def;
        if (Method->getParent()->isLambda())
          Fact.Bind.KeepThis = true;
        else
          Fact.Bind.This =
              ObjectType->isPointerType() ? Paths.pointee(Object) : Paths.lvalue(Object);
        Fact.OnOwnThread = isThreadLocalObject(Object) || isThreadOwned(Fact.Bind.This);
        addCall(std::move(Fact), E, First);
        return;
      }
      // A method of the project's whose body we cannot see (pure virtual,
      // or defined in another TU) is a call, not a write of the whole object:
      // what it touches is its body's business.
      if (Method->isPureVirtual() ||
          !Ctx.getSourceManager().isInSystemHeader(Method->getLocation())) {
        unknownArguments(E, Callee, First);
        return;
      }
      // enable_shared_from_this reads a weak pointer that is set before the
      // object is shared: nothing another thread writes.
      if (Ctx.getSourceManager().isInSystemHeader(Method->getLocation()) &&
          (identifierName(Method) == "shared_from_this" ||
           identifierName(Method) == "weak_from_this"))
        return;
      // The library's method: const ones read, others write, except the
      // accessors every container has in both forms.
      objectAccess(Object, !Method->isConst() && !isNonMutatingAccessor(Method));
      unknownArguments(E, Callee, First);
      return;
    }
    if (!Def)
      Def = Analysis.imported(Callee);
    if (Def) {
      CallFact Fact;
      Fact.Call = E;
      Fact.Bind.Callee = Def;
      addCall(std::move(Fact), E, 0);
      return;
    }
    unknownArguments(E, Callee, 0);
  }

  void start(const ThreadStart &S) {
    const FunctionDecl *Def = Analysis.followable(S.Entry.Function);
    if (!Def)
      Def = Analysis.imported(S.Entry.Function); // an entry another TU defines
    if (!Def)
      return;
    StartFact Fact;
    Fact.Start = S;
    Fact.Loops = Loops;
    Binding &Bind = Fact.Bind;
    Bind.Callee = Def;
    if (S.Entry.IsLambda) {
      Bind.KeepThis = true;
    } else if (const Expr *Object = S.Entry.Object) {
      if (S.Entry.ObjectRefWrapped)
        Bind.This = Paths.lvalue(Object);
      else if (Object->getType()->isPointerType())
        Bind.This = Paths.pointee(Object);
      // Otherwise the thread runs on its own copy of the object.
    }
    for (unsigned I = 0; I < S.Entry.Args.size() && I < Def->getNumParams(); ++I) {
      const ParmVarDecl *P = Def->getParamDecl(I);
      const ThreadEntry::Argument &Arg = S.Entry.Args[I];
      if (P->getType()->isReferenceType()) {
        if (Arg.RefWrapped || !S.Entry.CopiesArguments)
          Bind.Params[P] = Paths.lvalue(Arg.E);
      } else if (P->getType()->isPointerType()) {
        Bind.Params[P] = Paths.pointee(Arg.E);
      }
    }
    if (S.Pool)
      Fact.HandleKey = handleKey(S.Pool, Paths); // the pool's join() waits for it
    else if (!S.ReturnsHandle && !S.PthreadHandle)
      Fact.Escapes = true; // nothing to wait on
    else
      placeHandle(Fact, Ctx, Paths);
    Out.Starts.push_back(std::move(Fact));
  }

  SharedAccessAnalysis &Analysis;
  ASTContext &Ctx;
  const FunctionDecl *F;
  FunctionFacts &Out;
  PathBuilder &Paths;
  Locks State;
  /// The locks that may be held at a `return` so far (dead: none yet).
  Locks Returned = Locks::dead();
  std::vector<Scope> Scopes;
  std::vector<SourceRange> Loops;
  llvm::DenseMap<const VarDecl *, std::vector<HeldLock>> GuardLocks;
  /// Objects owned by the running thread in the branch being walked.
  std::vector<AccessPath> ThreadOwned;
  llvm::SmallPtrSet<const VarDecl *, 2> ThreadLocalCopies;
  /// Where a value read here has been waited for: after the enclosing loop,
  /// or in the branch of the enclosing `if` condition.
  std::vector<SourceRange> Waits;
  std::vector<std::pair<AccessPath, SourceRange>> RelaxedLoads;
  bool AfterReleaseFence = false;
};

} // namespace

void collectFunctionFacts(SharedAccessAnalysis &Analysis, const FunctionDecl *F,
                          FunctionFacts &Out) {
  AccessWalker(Analysis, F, Out).run();
}

} // namespace clang::tidy::concur
