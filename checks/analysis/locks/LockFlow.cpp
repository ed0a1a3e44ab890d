//===--- LockFlow.cpp - concur --------------------------------------------===//

#include "analysis/locks/LockFlow.h"
#include "analysis/ast/FrameCodeWalker.h"
#include "analysis/ast/QualifiedNames.h"
#include "analysis/locks/LockState.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ExprConcepts.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/MapVector.h"
#include <map>

namespace clang::tidy::concur {

namespace {

/// What the flow records of a held lock.
struct Held {
  SourceLocation Acquired;
  const ValueDecl *Holder = nullptr; // the guard, or the mutex locked by hand
  const ValueDecl *Mutex = nullptr;
  bool IsGuard = false;
  std::string ReturnedBy;
};

/// The locks that may be held on entry to a statement.
using FlowState = LockState<Held>;

class LockFlowWalker {
public:
  LockFlowWalker(const LockModel &Locks, std::function<bool(const Expr *)> IsAllowed)
      : Locks(Locks), IsAllowed(std::move(IsAllowed)) {}

  FlowState walk(const Stmt *S, FlowState In);

  llvm::MapVector<const ValueDecl *, HeldAcrossSuspension> Findings;

private:
  FlowState walkChildren(const Stmt *S, FlowState In) {
    for (const Stmt *Child : S->children())
      if (Child)
        In = walk(Child, std::move(In));
    return In;
  }
  FlowState endScope(FlowState In, const std::vector<const VarDecl *> &Guards);
  FlowState walkDecl(const VarDecl *Var, FlowState In, std::vector<const VarDecl *> *Scope);
  FlowState walkLoop(const Stmt *Body, const Stmt *Cond, const Stmt *Inc, FlowState In);
  void suspend(const Expr *Operand, SourceLocation Where, const FlowState &State);
  void apply(const LockOperation &Op, SourceLocation Where, FlowState &State);
  bool holds(const FlowState &State, const ValueDecl *Holder) const;
  /// What a condition locks on the branch where it is true (or false).
  void splitOnTryLock(const Expr *Cond, FlowState &Then, FlowState &Else);

  const LockModel &Locks;
  std::function<bool(const Expr *)> IsAllowed;
  std::map<const ValueDecl *, const ValueDecl *> GuardMutex; // remembered across unlock()
  llvm::DenseSet<const ValueDecl *> TryGuards; // guards that hold only where owns_lock()
  std::vector<std::vector<const VarDecl *> *> Scopes;
};

void LockFlowWalker::suspend(const Expr *Operand, SourceLocation Where, const FlowState &State) {
  if (State.isDead() || State.empty() || IsAllowed(Operand))
    return;
  for (const FlowState::Entry &E : State.entries()) {
    const Held &H = E.Held;
    HeldAcrossSuspension &F = Findings[H.Holder];
    if (F.Suspensions.empty()) {
      F.Acquired = H.Acquired;
      F.Holder = H.Holder;
      F.Mutex = H.Mutex;
      F.IsGuard = H.IsGuard;
      F.ReturnedBy = H.ReturnedBy;
    }
    if (llvm::find(F.Suspensions, Where) == F.Suspensions.end())
      F.Suspensions.push_back(Where);
  }
}

void LockFlowWalker::apply(const LockOperation &Op, SourceLocation Where, FlowState &State) {
  if (State.isDead())
    return;
  if (Op.K == LockOperation::Kind::Release) {
    State.release(declKey(Op.Held));
    // release(): the guard lets go, the mutex stays locked until unlocked by hand.
    if (auto It = GuardMutex.find(Op.Held); Op.Disowns && It != GuardMutex.end() && It->second)
      State.acquire(declKey(It->second), Held{Where, It->second, It->second, false, ""});
    return;
  }
  const ValueDecl *Mutex = Op.Mutex;
  if (Op.IsGuard) {
    if (Mutex)
      GuardMutex[Op.Held] = Mutex;
    else if (auto It = GuardMutex.find(Op.Held); It != GuardMutex.end())
      Mutex = It->second; // unique_lock::lock() re-takes the guard's mutex
  }
  State.release(declKey(Op.Held)); // one hold per holder: taken again, it is this one
  State.acquire(declKey(Op.Held), Held{Where, Op.Held, Mutex, Op.IsGuard, Op.ReturnedBy});
}

bool LockFlowWalker::holds(const FlowState &State, const ValueDecl *Holder) const {
  std::string Key = declKey(Holder);
  return llvm::any_of(State.entries(), [&](const FlowState::Entry &E) { return E.Holder == Key; });
}

FlowState LockFlowWalker::walkDecl(const VarDecl *Var, FlowState In,
                                   std::vector<const VarDecl *> *Scope) {
  // `auto lk2 = std::move(lk);`: lk2 takes over what lk holds.
  const VarDecl *MovedFrom = nullptr;
  if (Locks.guardMode(Var->getType()) && Var->getInit())
    if (const auto *Construct = dyn_cast<CXXConstructExpr>(Var->getInit()->IgnoreImplicit());
        Construct && Construct->getNumArgs() == 1)
      MovedFrom = LockModel::movedGuard(Construct->getArg(0));
  std::optional<Held> Taken;
  if (MovedFrom && holds(In, MovedFrom))
    for (const FlowState::Entry &E : In.entries())
      if (E.Holder == declKey(MovedFrom))
        Taken = E.Held;
  if (const Expr *Init = Var->getInit())
    In = walk(Init, std::move(In));
  std::optional<LockOperation> Op = Locks.guardAcquisition(Var);
  if (!Op)
    Op = Locks.returnedGuard(Var);
  if (!Op && Taken) {
    LockOperation Move;
    Move.Held = Var;
    Move.Mutex = Taken->Mutex;
    Move.IsGuard = true;
    Move.ReturnedBy = Taken->ReturnedBy;
    Op = Move;
  }
  if (Op) {
    apply(*Op, Var->getLocation(), In);
  } else if (std::optional<LockOperation> Try = Locks.tryGuard(Var)) {
    TryGuards.insert(Var);
    if (Try->Mutex)
      GuardMutex[Var] = Try->Mutex;
  } else {
    return In;
  }
  if (Scope)
    Scope->push_back(Var);
  return In;
}

FlowState LockFlowWalker::endScope(FlowState In, const std::vector<const VarDecl *> &Guards) {
  for (const VarDecl *Guard : Guards) // Destroyed at the end of the scope.
    In.release(declKey(Guard));
  return In;
}

FlowState LockFlowWalker::walkLoop(const Stmt *Body, const Stmt *Cond, const Stmt *Inc,
                                   FlowState In) {
  // Twice: what one iteration leaves held meets the next one's suspensions.
  FlowState Entry = In;
  for (int Pass = 0; Pass < 2; ++Pass) {
    FlowState S = Entry;
    if (Cond)
      S = walk(Cond, std::move(S));
    FlowState AfterCond = S;
    if (Body)
      S = walk(Body, std::move(S));
    // break/continue end their path in the body; the loop may go round again.
    if (S.isDead())
      S = AfterCond;
    if (Inc)
      S = walk(Inc, std::move(S));
    Entry = FlowState::mayJoin(Entry, S);
  }
  if (Cond)
    Entry = walk(Cond, std::move(Entry));
  return Entry;
}

void LockFlowWalker::splitOnTryLock(const Expr *Cond, FlowState &Then, FlowState &Else) {
  bool Negated = false;
  std::optional<LockOperation> Op =
      Locks.lockedIfTrue(Cond, Negated, [&](const ValueDecl *G) { return TryGuards.contains(G); });
  if (!Op)
    return;
  if (Op->IsGuard && !Op->Mutex)
    if (auto It = GuardMutex.find(Op->Held); It != GuardMutex.end())
      Op->Mutex = It->second;
  apply(*Op, Cond->IgnoreParenImpCasts()->getBeginLoc(), Negated ? Else : Then);
}

FlowState LockFlowWalker::walk(const Stmt *S, FlowState In) {
  if (!S || In.isDead())
    return In;
  if (const auto *CS = dyn_cast<CompoundStmt>(S)) {
    std::vector<const VarDecl *> Guards;
    for (const Stmt *Child : CS->body()) {
      if (const auto *DS = dyn_cast<DeclStmt>(Child)) {
        for (const Decl *D : DS->decls())
          if (const auto *Var = dyn_cast<VarDecl>(D))
            In = walkDecl(Var, std::move(In), &Guards);
        continue;
      }
      In = walk(Child, std::move(In));
    }
    return endScope(std::move(In), Guards);
  }
  if (const auto *DS = dyn_cast<DeclStmt>(S)) { // if/for/switch init, conditions
    for (const Decl *D : DS->decls())
      if (const auto *Var = dyn_cast<VarDecl>(D))
        In = walkDecl(Var, std::move(In), Scopes.empty() ? nullptr : Scopes.back());
    return In;
  }
  if (const auto *If = dyn_cast<IfStmt>(S)) {
    std::vector<const VarDecl *> Guards;
    Scopes.push_back(&Guards);
    In = walk(If->getInit(), std::move(In));
    if (const DeclStmt *CondVar = If->getConditionVariableDeclStmt())
      In = walk(CondVar, std::move(In));
    else
      In = walk(If->getCond(), std::move(In));
    Scopes.pop_back();
    FlowState ThenIn = In, ElseIn = In;
    splitOnTryLock(If->getCond(), ThenIn, ElseIn);
    FlowState Then = walk(If->getThen(), std::move(ThenIn));
    FlowState Else = If->getElse() ? walk(If->getElse(), ElseIn) : ElseIn;
    return endScope(FlowState::mayJoin(Then, Else), Guards);
  }
  if (const auto *For = dyn_cast<ForStmt>(S)) {
    std::vector<const VarDecl *> Guards;
    Scopes.push_back(&Guards);
    In = walk(For->getInit(), std::move(In));
    Scopes.pop_back();
    return endScope(walkLoop(For->getBody(), For->getCond(), For->getInc(), std::move(In)), Guards);
  }
  if (const auto *While = dyn_cast<WhileStmt>(S))
    return walkLoop(While->getBody(), While->getCond(), nullptr, std::move(In));
  if (const auto *Do = dyn_cast<DoStmt>(S))
    return walkLoop(Do->getBody(), Do->getCond(), nullptr, walk(Do->getBody(), std::move(In)));
  if (const auto *Range = dyn_cast<CXXForRangeStmt>(S)) {
    In = walk(Range->getInit(), std::move(In));
    In = walk(Range->getRangeInit(), std::move(In));
    return walkLoop(Range->getBody(), nullptr, nullptr, std::move(In));
  }
  if (const auto *Switch = dyn_cast<SwitchStmt>(S)) {
    In = walk(Switch->getInit(), std::move(In));
    In = walk(Switch->getCond(), std::move(In));
    FlowState Body = walk(Switch->getBody(), In);
    return FlowState::mayJoin(In, Body.isDead() ? In : Body); // a break ends that path
  }
  if (const auto *Try = dyn_cast<CXXTryStmt>(S)) {
    FlowState After = walk(Try->getTryBlock(), In);
    FlowState Handlers = FlowState::dead();
    for (unsigned I = 0; I < Try->getNumHandlers(); ++I)
      Handlers = FlowState::mayJoin(
          Handlers, walk(Try->getHandler(I)->getHandlerBlock(), FlowState::mayJoin(In, After)));
    return FlowState::mayJoin(After, Handlers);
  }
  if (const auto *Ret = dyn_cast<CoreturnStmt>(S)) {
    walk(Ret->getOperand(), std::move(In));
    return FlowState::dead();
  }
  if (isa<ReturnStmt, BreakStmt, ContinueStmt, GotoStmt>(S))
    return FlowState::dead();

  // Expressions, in evaluation order.
  if (const auto *Await = dyn_cast<CoawaitExpr>(S)) {
    In = walk(Await->getOperand(), std::move(In));
    suspend(Await->getOperand(), Await->getKeywordLoc(), In);
    return In;
  }
  if (const auto *Await = dyn_cast<DependentCoawaitExpr>(S)) {
    In = walk(Await->getOperand(), std::move(In));
    suspend(Await->getOperand(), Await->getKeywordLoc(), In);
    return In;
  }
  if (const auto *Yield = dyn_cast<CoyieldExpr>(S)) {
    In = walk(Yield->getOperand(), std::move(In));
    suspend(nullptr, Yield->getKeywordLoc(), In);
    return In;
  }
  if (const auto *Lambda = dyn_cast<LambdaExpr>(S)) {
    for (const Expr *Init : Lambda->capture_inits()) // the body runs elsewhere
      if (Init)
        In = walk(Init, std::move(In));
    return In;
  }
  if (isUnevaluated(S))
    return In;
  if (isa<CallExpr, CXXConstructExpr>(S)) {
    In = walkChildren(S, std::move(In));
    // std::move(lk): the lock goes wherever the guard is moved to (an
    // awaiter that unlocks in await_suspend, a callee); a local guard that
    // takes it over is handled at its declaration. A callee that moves from
    // a guard passed by reference takes it too.
    if (const VarDecl *Moved = LockModel::movedGuard(cast<Expr>(S))) {
      In.release(declKey(Moved));
      return In;
    }
    for (const VarDecl *Taken : Locks.guardsTakenOver(cast<Expr>(S)))
      In.release(declKey(Taken));
    if (!isa<CallExpr>(S))
      return In;
    if (std::optional<LockOperation> Op = Locks.callOperation(cast<Expr>(S)))
      apply(*Op, cast<Expr>(S)->getExprLoc(), In);
    return In;
  }
  return walkChildren(S, std::move(In));
}

} // namespace

std::vector<HeldAcrossSuspension>
locksHeldAcrossSuspensions(const FunctionDecl *Coroutine, const LockModel &Locks,
                           std::function<bool(const Expr *)> IsAllowed) {
  LockFlowWalker Walker(Locks, std::move(IsAllowed));
  for (const Stmt *S : frameCode(Coroutine))
    Walker.walk(S, FlowState());
  std::vector<HeldAcrossSuspension> Result;
  for (auto &Entry : Walker.Findings)
    Result.push_back(std::move(Entry.second));
  return Result;
}

} // namespace clang::tidy::concur
