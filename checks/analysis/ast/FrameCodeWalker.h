//===--- FrameCodeWalker.h - concur -----------------------------*- C++ -*-===//
//
// The one definition of "the code that runs in a function's own frame", in
// source order: everything in its body (and a constructor's written
// initialisers) except what it only creates (lambda bodies, local classes,
// blocks) and what is never evaluated (decltype, sizeof, noexcept, requires,
// unevaluated typeid, static_assert). A callable handed to to_thread, a
// std::thread or a callback runs elsewhere, so its body is not ours.
//
// FrameVisitor is that definition as a RecursiveASTVisitor base; the walkers
// of the analyses derive from it (FrameCodeWalker below for calls and
// suspensions, races/AccessWalker for accesses), and the lock-flow walker,
// which follows control flow by hand, asks the same predicates.
//
// FrameCodeWalker also tracks, for coroutines, whether straight-line code
// runs on a thread pool after an awaitable that hops there
// (`co_await pool.schedule()`): the hop holds until the next suspension that
// is not itself a pool hop, on the paths that reach the code (an if's branch
// that always leaves, by co_return or throw, takes its suspensions with it). And whether code still
// runs on the thread that started the coroutine: before its first suspension that may resume it
// elsewhere. Awaiting a coroutine that never suspends (`co_await child()`,
// child with no co_await of its own) runs it to its end on this thread and
// resumes us here, so it moves us nowhere.
//
//===----------------------------------------------------------------------===//

#ifndef CONCUR_CHECKS_ANALYSIS_AST_FRAMECODEWALKER_H
#define CONCUR_CHECKS_ANALYSIS_AST_FRAMECODEWALKER_H

#include "clang/AST/ExprConcepts.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include <vector>

namespace clang::tidy::concur {

/// The statements of a function that run in its frame, in order: a
/// constructor's written initialisers, then the body (a coroutine's
/// user-written body, without the promise machinery around it).
std::vector<const Stmt *> frameCode(const FunctionDecl *FD);

/// Is \p S never evaluated (sizeof, decltype's operand, noexcept, requires,
/// an unevaluated typeid)?
bool isUnevaluated(const Stmt *S);

/// Does \p D declare something that runs only when called or instantiated
/// (a local class, function or template)?
bool runsOnlyWhenCalled(const Decl *D);

/// A RecursiveASTVisitor over the code that runs in the frame: lambda bodies
/// and local classes are not entered (a lambda's captures are: they are
/// evaluated where it is made), unevaluated operands are skipped. Derived
/// visitors override Traverse* for control flow and call the base's.
template <typename Derived> class FrameVisitor : public RecursiveASTVisitor<Derived> {
  using Base = RecursiveASTVisitor<Derived>;

public:
  /// Walks the frame code of \p FD.
  void walkFunction(const FunctionDecl *FD) {
    for (const Stmt *S : frameCode(FD))
      self().TraverseStmt(const_cast<Stmt *>(S));
  }

  bool shouldVisitImplicitCode() const { return false; }
  bool shouldVisitTemplateInstantiations() const { return false; }
  bool shouldWalkTypesOfTypeLocs() const { return false; }

  // What the function only creates runs elsewhere (or when called).
  bool TraverseLambdaExpr(LambdaExpr *L) {
    for (Expr *Init : L->capture_inits())
      if (Init)
        self().TraverseStmt(Init);
    return true;
  }
  bool TraverseBlockExpr(BlockExpr *) { return true; }
  bool TraverseDecl(Decl *D) {
    if (!D || runsOnlyWhenCalled(D))
      return true;
    return Base::TraverseDecl(D);
  }

  // What is never evaluated does not run.
  bool TraverseUnaryExprOrTypeTraitExpr(UnaryExprOrTypeTraitExpr *) { return true; }
  bool TraverseCXXNoexceptExpr(CXXNoexceptExpr *) { return true; }
  bool TraverseDecltypeTypeLoc(DecltypeTypeLoc) { return true; }
  bool TraverseTypeOfExprTypeLoc(TypeOfExprTypeLoc) { return true; }
  bool TraverseRequiresExpr(RequiresExpr *) { return true; }
  bool TraverseConceptSpecializationExpr(ConceptSpecializationExpr *) { return true; }
  bool TraverseStaticAssertDecl(StaticAssertDecl *) { return true; }
  bool TraverseCXXTypeidExpr(CXXTypeidExpr *E) {
    return isUnevaluated(E) ? true : Base::TraverseCXXTypeidExpr(E);
  }

private:
  Derived &self() { return *static_cast<Derived *>(this); }
};

/// Where a piece of code sits, as far as the checks care.
struct WalkState {
  bool OnPool = false;           // after a pool hop, before the next other suspension
  bool AtStart = true;           // on the thread that started the coroutine: no suspension yet
  unsigned CatchDepth = 0;       // inside a catch handler: co_await is ill-formed there
  unsigned CaptureInitDepth = 0; // inside a lambda's init-capture
};

class FrameCodeListener {
public:
  virtual ~FrameCodeListener() = default;
  /// A call, member call, operator call or constructor call.
  virtual void onCall(const Expr * /*Call*/, const FunctionDecl * /*Callee*/,
                      const WalkState & /*State*/) {}
  /// A full-expression statement whose value is discarded.
  virtual void onDiscardedValue(const Expr * /*E*/, const WalkState & /*State*/) {}
  /// A local variable with automatic storage, and where its scope ends.
  virtual void onLocalVariable(const VarDecl * /*Var*/, SourceLocation /*ScopeEnd*/,
                               const WalkState & /*State*/) {}
  /// A co_await or co_yield, after its operand ran and before it suspends.
  virtual void onSuspend(const Expr * /*Suspension*/, const WalkState & /*Before*/) {}
  /// Is the operand of this co_await a hop onto a thread pool?
  virtual bool isPoolHop(const Expr * /*Operand*/) { return false; }
};

class FrameCodeWalker : public FrameVisitor<FrameCodeWalker> {
  using Base = FrameVisitor<FrameCodeWalker>;

public:
  explicit FrameCodeWalker(FrameCodeListener &Listener) : Listener(Listener) {}

  // Init-captures run where the lambda is made, and say so in the state.
  bool TraverseLambdaExpr(LambdaExpr *L);

  // Order and scopes matter for pool hops and local variables.
  bool TraverseCompoundStmt(CompoundStmt *S);
  bool TraverseIfStmt(IfStmt *S);
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
  void suspend(const Expr *Suspension, const Expr *Operand);
  void enterLoop(Stmt *Body);
  void walkBlock(CompoundStmt *S); // its statements, in order, with their locals
  void walkBranch(Stmt *S);        // an if's branch: a block's state stays for the merge

  FrameCodeListener &Listener;
  WalkState State;
};

/// Does \p S contain a suspension point (co_await, co_yield) that runs in
/// this frame? Lambda bodies and local classes are not looked into.
/// \p Ignore (if set) leaves out the co_awaits whose operand it accepts.
bool containsSuspension(const Stmt *S, llvm::function_ref<bool(const Expr *)> Ignore = nullptr);

/// Can control leave \p S at its end and go on to the next statement? False
/// for co_return, return, throw, break, continue, goto, a call of a
/// [[noreturn]] function, and blocks and ifs whose every path ends in one.
bool mayFallThrough(const Stmt *S);

/// Is \p Operand (what a co_await awaits) a call of a coroutine that never
/// suspends? It runs to its end on the awaiting thread and resumes the
/// awaiter there.
bool awaitsInline(const Expr *Operand);

} // namespace clang::tidy::concur

#endif
