//===--- FrameCodeWalker.cpp - concur -------------------------------------===//

#include "analysis/ast/FrameCodeWalker.h"
#include "clang/AST/ExprConcepts.h"
#include "clang/AST/StmtCXX.h"

namespace clang::tidy::concur {

std::vector<const Stmt *> frameCode(const FunctionDecl *FD) {
  std::vector<const Stmt *> Code;
  const Stmt *Body = FD ? FD->getBody() : nullptr;
  if (!Body)
    return Code;
  if (const auto *Coro = dyn_cast<CoroutineBodyStmt>(Body))
    Body = Coro->getBody();
  // Constructor initialisers run in the frame too, before the body.
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(FD))
    for (const CXXCtorInitializer *Init : Ctor->inits())
      if (Init->isWritten())
        Code.push_back(Init->getInit());
  Code.push_back(Body);
  return Code;
}

bool isUnevaluated(const Stmt *S) {
  if (const auto *Typeid = dyn_cast<CXXTypeidExpr>(S))
    return !Typeid->isPotentiallyEvaluated();
  return isa<UnaryExprOrTypeTraitExpr, CXXNoexceptExpr, RequiresExpr, ConceptSpecializationExpr>(S);
}

bool runsOnlyWhenCalled(const Decl *D) {
  return isa<TagDecl, FunctionDecl, FunctionTemplateDecl, ClassTemplateDecl>(D);
}

bool FrameCodeWalker::TraverseLambdaExpr(LambdaExpr *L) {
  // Init-captures and by-copy captures are evaluated where the lambda is made.
  ++State.CaptureInitDepth;
  Base::TraverseLambdaExpr(L);
  --State.CaptureInitDepth;
  return true;
}

static const Expr *discardedValue(Stmt *S) {
  const auto *E = dyn_cast<Expr>(S);
  if (!E)
    return nullptr;
  return E->IgnoreImplicit()->IgnoreParens();
}

bool FrameCodeWalker::TraverseCompoundStmt(CompoundStmt *S) {
  bool OnPoolBefore = State.OnPool;
  walkBlock(S);
  // A hop inside a nested block (a loop's body, a case, a try block) ends
  // with it; a suspension inside it may have moved us off the pool for good.
  // (An if's branches are merged by TraverseIfStmt instead.)
  State.OnPool = OnPoolBefore && State.OnPool;
  return true;
}

void FrameCodeWalker::walkBlock(CompoundStmt *S) {
  for (Stmt *Child : S->body()) {
    if (const Expr *E = discardedValue(Child))
      Listener.onDiscardedValue(E, State);
    WalkState AtDecl = State;
    TraverseStmt(Child);
    if (auto *DS = dyn_cast<DeclStmt>(Child))
      for (Decl *D : DS->decls())
        if (auto *Var = dyn_cast<VarDecl>(D); Var && Var->hasLocalStorage())
          Listener.onLocalVariable(Var, S->getRBracLoc(), AtDecl);
  }
}

void FrameCodeWalker::walkBranch(Stmt *S) {
  if (auto *Block = dyn_cast_or_null<CompoundStmt>(S))
    walkBlock(Block);
  else
    TraverseStmt(S);
}

// Where the code after an if runs is where the branches that reach it left
// off: a branch that always leaves (co_return, return, throw, break,
// continue) does not reach it, whatever it awaited.
bool FrameCodeWalker::TraverseIfStmt(IfStmt *S) {
  TraverseStmt(S->getInit());
  TraverseStmt(S->getConditionVariableDeclStmt());
  TraverseStmt(S->getCond());
  const WalkState AfterCond = State;
  walkBranch(S->getThen());
  const WalkState AfterThen = State;
  State = AfterCond;
  walkBranch(S->getElse());
  const WalkState AfterElse = State;
  const bool ThenReaches = mayFallThrough(S->getThen());
  const bool ElseReaches = !S->getElse() || mayFallThrough(S->getElse());
  if (ThenReaches != ElseReaches) {
    State = ThenReaches ? AfterThen : AfterElse;
    return true;
  }
  State.OnPool = AfterThen.OnPool && AfterElse.OnPool;
  State.AtStart = AfterThen.AtStart && AfterElse.AtStart;
  return true;
}

void FrameCodeWalker::suspend(const Expr *Suspension, const Expr *Operand) {
  Listener.onSuspend(Suspension, State);
  bool Hop = Operand && Listener.isPoolHop(Operand);
  bool Inline = Operand && awaitsInline(Operand);
  State.OnPool = Hop || (State.OnPool && Inline);
  State.AtStart = State.AtStart && Inline;
}

bool FrameCodeWalker::TraverseCoawaitExpr(CoawaitExpr *E) {
  // The operand is evaluated before the coroutine suspends.
  TraverseStmt(E->getOperand());
  suspend(E, E->getOperand());
  return true;
}

bool FrameCodeWalker::TraverseDependentCoawaitExpr(DependentCoawaitExpr *E) {
  TraverseStmt(E->getOperand());
  suspend(E, E->getOperand());
  return true;
}

bool FrameCodeWalker::TraverseCoyieldExpr(CoyieldExpr *E) {
  TraverseStmt(E->getOperand());
  suspend(E, nullptr); // The consumer resumes us on its own thread.
  return true;
}

bool FrameCodeWalker::TraverseCXXCatchStmt(CXXCatchStmt *S) {
  ++State.CatchDepth;
  bool Result = Base::TraverseCXXCatchStmt(S);
  --State.CatchDepth;
  return Result;
}

void FrameCodeWalker::enterLoop(Stmt *Body) {
  // A later iteration starts wherever the previous one suspended.
  if (State.OnPool && containsSuspension(Body, [&](const Expr *Operand) {
        return Listener.isPoolHop(Operand) || awaitsInline(Operand);
      }))
    State.OnPool = false;
  if (State.AtStart && containsSuspension(Body, awaitsInline))
    State.AtStart = false;
}

bool FrameCodeWalker::TraverseForStmt(ForStmt *S) {
  enterLoop(S);
  return Base::TraverseForStmt(S);
}
bool FrameCodeWalker::TraverseWhileStmt(WhileStmt *S) {
  enterLoop(S);
  return Base::TraverseWhileStmt(S);
}
bool FrameCodeWalker::TraverseDoStmt(DoStmt *S) {
  enterLoop(S);
  return Base::TraverseDoStmt(S);
}
bool FrameCodeWalker::TraverseCXXForRangeStmt(CXXForRangeStmt *S) {
  enterLoop(S);
  return Base::TraverseCXXForRangeStmt(S);
}

bool FrameCodeWalker::VisitCallExpr(CallExpr *E) {
  if (const FunctionDecl *Callee = E->getDirectCallee())
    Listener.onCall(E, Callee, State);
  return true;
}

bool FrameCodeWalker::VisitCXXConstructExpr(CXXConstructExpr *E) {
  Listener.onCall(E, E->getConstructor(), State);
  return true;
}

namespace {
class SuspensionFinder : public FrameVisitor<SuspensionFinder> {
public:
  explicit SuspensionFinder(llvm::function_ref<bool(const Expr *)> Ignore) : Ignore(Ignore) {}
  bool Found = false;
  bool VisitCoawaitExpr(CoawaitExpr *E) { return !(Found = !ignored(E->getOperand())); }
  bool VisitDependentCoawaitExpr(DependentCoawaitExpr *E) {
    return !(Found = !ignored(E->getOperand()));
  }
  bool VisitCoyieldExpr(CoyieldExpr *) { return !(Found = true); }

private:
  bool ignored(const Expr *Operand) const { return Ignore && Ignore(Operand); }
  llvm::function_ref<bool(const Expr *)> Ignore;
};
} // namespace

bool containsSuspension(const Stmt *S, llvm::function_ref<bool(const Expr *)> Ignore) {
  SuspensionFinder Finder(Ignore);
  Finder.TraverseStmt(const_cast<Stmt *>(S));
  return Finder.Found;
}

bool mayFallThrough(const Stmt *S) {
  if (!S)
    return true;
  if (isa<CoreturnStmt, ReturnStmt, BreakStmt, ContinueStmt, GotoStmt>(S))
    return false;
  if (const auto *E = dyn_cast<Expr>(S)) {
    E = E->IgnoreParenImpCasts();
    if (isa<CXXThrowExpr>(E))
      return false;
    if (const auto *Call = dyn_cast<CallExpr>(E))
      if (const FunctionDecl *Callee = Call->getDirectCallee(); Callee && Callee->isNoReturn())
        return false;
    return true;
  }
  if (const auto *Block = dyn_cast<CompoundStmt>(S))
    return llvm::all_of(Block->body(), [](const Stmt *Child) { return mayFallThrough(Child); });
  if (const auto *If = dyn_cast<IfStmt>(S))
    return mayFallThrough(If->getThen()) || !If->getElse() || mayFallThrough(If->getElse());
  return true; // loops, switches and try blocks: a break or a handler may reach past them
}

bool awaitsInline(const Expr *Operand) {
  const auto *Call =
      Operand ? dyn_cast<CallExpr>(Operand->IgnoreImplicit()->IgnoreParens()) : nullptr;
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  const FunctionDecl *Def = nullptr;
  if (!Callee || !Callee->hasBody(Def))
    return false;
  const auto *Body = dyn_cast<CoroutineBodyStmt>(Def->getBody());
  return Body && !containsSuspension(Body->getBody());
}

} // namespace clang::tidy::concur
