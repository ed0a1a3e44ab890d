//===--- FrameCodeWalker.h - concur -----------------------------*- C++ -*-===//
//
// Walks the code that runs in a function's own frame, in source order:
// everything in its body except what it only creates (lambda bodies, local
// classes, blocks) and what is never evaluated (decltype, sizeof, noexcept,
// requires, unevaluated typeid). A callable handed to to_thread, a
// std::thread or a callback runs elsewhere, so its body is not ours.
//
// The walker also tracks, for coroutines, whether straight-line code runs on
// a thread pool after an awaitable that hops there (`co_await pool.schedule()`):
// the hop holds until the next suspension that is not itself a pool hop.
//
//===----------------------------------------------------------------------===//

#ifndef CONCUR_CHECKS_ANALYSIS_FRAMECODEWALKER_H
#define CONCUR_CHECKS_ANALYSIS_FRAMECODEWALKER_H

#include "clang/AST/RecursiveASTVisitor.h"

namespace clang::tidy::concur {

/// Where a piece of code sits, as far as the checks care.
struct WalkState {
  bool OnPool = false;           // after a pool hop, before the next other suspension
  unsigned CatchDepth = 0;       // inside a catch handler: co_await is ill-formed there
  unsigned CaptureInitDepth = 0; // inside a lambda's init-capture
};

class FrameCodeListener {
public:
  virtual ~FrameCodeListener() = default;
  /// A call, member call, operator call or constructor call.
  virtual void onCall(const Expr *Call, const FunctionDecl *Callee, const WalkState &State) {}
  /// A full-expression statement whose value is discarded.
  virtual void onDiscardedValue(const Expr *E, const WalkState &State) {}
  /// A local variable with automatic storage, and where its scope ends.
  virtual void onLocalVariable(const VarDecl *Var, SourceLocation ScopeEnd,
                               const WalkState &State) {}
  /// Is the operand of this co_await a hop onto a thread pool?
  virtual bool isPoolHop(const Expr *Operand) { return false; }
};

class FrameCodeWalker : public RecursiveASTVisitor<FrameCodeWalker> {
  using Base = RecursiveASTVisitor<FrameCodeWalker>;

public:
  explicit FrameCodeWalker(FrameCodeListener &Listener) : Listener(Listener) {}

  /// Walks the body of \p FD (the user-written body, for a coroutine).
  void walkFunction(const FunctionDecl *FD);

  bool shouldVisitImplicitCode() const { return false; }
  bool shouldVisitTemplateInstantiations() const { return false; }
  bool shouldWalkTypesOfTypeLocs() const { return false; }

  // What the function only creates runs elsewhere.
  bool TraverseLambdaExpr(LambdaExpr *L);
  bool TraverseBlockExpr(BlockExpr *) { return true; }
  bool TraverseDecl(Decl *D);

  // What is never evaluated does not run.
  bool TraverseUnaryExprOrTypeTraitExpr(UnaryExprOrTypeTraitExpr *) { return true; }
  bool TraverseCXXNoexceptExpr(CXXNoexceptExpr *) { return true; }
  bool TraverseDecltypeTypeLoc(DecltypeTypeLoc) { return true; }
  bool TraverseTypeOfExprTypeLoc(TypeOfExprTypeLoc) { return true; }
  bool TraverseRequiresExpr(RequiresExpr *) { return true; }
  bool TraverseConceptSpecializationExpr(ConceptSpecializationExpr *) { return true; }
  bool TraverseCXXTypeidExpr(CXXTypeidExpr *E);
  bool TraverseStaticAssertDecl(StaticAssertDecl *) { return true; }

  // Order and scopes matter for pool hops and local variables.
  bool TraverseCompoundStmt(CompoundStmt *S);
  bool TraverseCoawaitExpr(CoawaitExpr *E);
  bool TraverseDependentCoawaitExpr(DependentCoawaitExpr *E);
  bool TraverseCoyieldExpr(CoyieldExpr *E);
  bool TraverseCXXCatchStmt(CXXCatchStmt *S);
  bool TraverseForStmt(ForStmt *S);
  bool TraverseWhileStmt(WhileStmt *S);
  bool TraverseDoStmt(DoStmt *S);
  bool TraverseCXXForRangeStmt(CXXForRangeStmt *S);

  bool VisitCallExpr(CallExpr *E);
  bool VisitCXXConstructExpr(CXXConstructExpr *E);

private:
  void suspend(const Expr *Operand);
  void enterLoop(Stmt *Body);

  FrameCodeListener &Listener;
  WalkState State;
};

/// Does \p S contain a suspension point (co_await, co_yield) that runs in
/// this frame? Lambda bodies and local classes are not looked into.
bool containsSuspension(const Stmt *S);

} // namespace clang::tidy::concur

#endif
