//===--- CoroutinePlacement.cpp - concur ----------------------------------===//

#include "analysis/coroutines/CoroutinePlacement.h"
#include "analysis/ast/QualifiedNames.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include <functional>
#include <optional>

namespace clang::tidy::concur {

namespace {

/// What one use of a task does with it.
enum class TaskUse {
  Neutral, // looks at it without running it: is_ready(), done()
  OffLoop, // runs it where no event loop is
  Unknown, // runs it somewhere we cannot tell, or hands it on
};

TaskUse combine(TaskUse A, TaskUse B) {
  if (A == TaskUse::Unknown || B == TaskUse::Unknown)
    return TaskUse::Unknown;
  return A == TaskUse::OffLoop || B == TaskUse::OffLoop ? TaskUse::OffLoop : TaskUse::Neutral;
}

/// The walk state at one call or suspension of a coroutine.
class StateAt : public FrameCodeListener {
public:
  StateAt(const Expr *Point, const PoolHops &Hops) : Point(Point), Hops(Hops) {}
  void onCall(const Expr *Call, const FunctionDecl *, const WalkState &State) override {
    if (Call == Point)
      Found = State;
  }
  void onSuspend(const Expr *Suspension, const WalkState &Before) override {
    if (Suspension == Point)
      Found = Before;
  }
  bool isPoolHop(const Expr *Operand) override { return Hops.isHop(Operand); }
  std::optional<WalkState> Found;

private:
  const Expr *Point;
  const PoolHops &Hops;
};

/// Does \p Parent only carry \p Child's value on: a temporary, a conversion,
/// a copy or move of the task, std::move?
bool carriesValue(const Expr *Parent, const Expr *Child) {
  if (isa<ImplicitCastExpr, MaterializeTemporaryExpr, CXXBindTemporaryExpr, ExprWithCleanups,
          ParenExpr, CXXFunctionalCastExpr>(Parent))
    return true;
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(Parent))
    return Construct->getNumArgs() == 1 && Construct->getArg(0) == Child;
  if (const auto *Call = dyn_cast<CallExpr>(Parent);
      Call && Call->getNumArgs() == 1 && Call->getDirectCallee()) {
    std::string Name = qualifiedName(Call->getDirectCallee());
    return Name == "std::move" || Name == "std::forward";
  }
  return false;
}

/// The node that uses the value of \p E, past what only carries it;
/// \p Child is set to the last expression before it.
std::optional<DynTypedNode> userOf(ASTContext &Ctx, const Expr *E, const Expr *&Child) {
  Child = E;
  for (int Step = 0; Step < 16; ++Step) {
    DynTypedNodeList Parents = Ctx.getParents(*Child);
    // A co_await's operand is also under the awaiter it builds.
    for (const DynTypedNode &Parent : Parents)
      if (const auto *Await = Parent.get<CoawaitExpr>(); Await && Await->getOperand() == Child)
        return Parent;
    if (Parents.size() != 1)
      return std::nullopt;
    const auto *Parent = Parents[0].get<Expr>();
    // A conversion (coroutine_handle<P> to coroutine_handle<>) carries it too.
    if (const auto *Member = dyn_cast_or_null<MemberExpr>(Parent);
        Member && isa<CXXConversionDecl>(Member->getMemberDecl())) {
      DynTypedNodeList Up = Ctx.getParents(*Member);
      if (const auto *Conversion = Up.size() == 1 ? Up[0].get<CXXMemberCallExpr>() : nullptr) {
        Child = Conversion;
        continue;
      }
    }
    if (!Parent || !carriesValue(Parent, Child))
      return Parents[0];
    Child = Parent;
  }
  return std::nullopt;
}

/// The lambda expression that defines \p Class and the references to the
/// variable that holds it, found in \p Body.
struct LambdaUses : RecursiveASTVisitor<LambdaUses> {
  const CXXRecordDecl *Class = nullptr;
  const LambdaExpr *Lambda = nullptr;
  const VarDecl *Holder = nullptr;
  std::vector<const DeclRefExpr *> Refs;
  bool shouldVisitTemplateInstantiations() const { return true; }
  bool VisitLambdaExpr(LambdaExpr *L) {
    if (L->getLambdaClass() == Class)
      Lambda = L;
    return true;
  }
  bool VisitDeclRefExpr(DeclRefExpr *Ref) {
    if (Holder && Ref->getDecl() == Holder)
      Refs.push_back(Ref);
    return true;
  }
};

std::vector<const DeclRefExpr *> referencesTo(const VarDecl *Var, const Stmt *Body) {
  LambdaUses Finder;
  Finder.Holder = Var;
  Finder.TraverseStmt(const_cast<Stmt *>(Body));
  return Finder.Refs;
}

bool isCoroutine(const FunctionDecl *FD) {
  return FD && isa_and_nonnull<CoroutineBodyStmt>(FD->getBody());
}

} // namespace

CoroutinePlacement::CoroutinePlacement(ASTContext &Ctx, std::vector<std::string> PoolTaskStarts,
                                       std::vector<std::string> InlineRunners,
                                       std::vector<std::string> ExecutorTags, const PoolHops &Hops)
    : Ctx(Ctx), PoolTaskStarts(std::move(PoolTaskStarts)), InlineRunners(std::move(InlineRunners)),
      ExecutorTags(std::move(ExecutorTags)), Hops(Hops) {}

bool CoroutinePlacement::startsOffLoop(const FunctionDecl *Coroutine) {
  return startsOffLoop(Coroutine, 0);
}

bool CoroutinePlacement::offLoop(const FunctionDecl *Coroutine, const WalkState &State) {
  return State.OnPool || (State.AtStart && startsOffLoop(Coroutine));
}

const FunctionDecl *CoroutinePlacement::enclosingFunction(const Stmt *S) {
  DynTypedNode Node = DynTypedNode::create(*S);
  for (int Step = 0; Step < 256; ++Step) {
    DynTypedNodeList Parents = Ctx.getParents(Node);
    if (Parents.empty())
      return nullptr;
    Node = Parents[0];
    if (const auto *FD = Node.get<FunctionDecl>())
      return FD;
    if (const auto *Lambda = Node.get<LambdaExpr>())
      return Lambda->getCallOperator();
  }
  return nullptr;
}

// The code at Point runs on a plain thread (Point is in plain code), or off
// the loop in its coroutine.
bool CoroutinePlacement::pointRunsOffLoop(const Expr *Point, unsigned Depth) {
  const FunctionDecl *Runner = enclosingFunction(Point);
  if (!Runner)
    return false;
  if (!isCoroutine(Runner)) {
    // Resumed by hand, or run inline, on the thread of plain code: a named
    // function's (a test body, main). A plain lambda is a callback that may
    // be posted to a loop (`loop.post([&] { t.resume(); })`): unknown.
    const auto *Method = dyn_cast<CXXMethodDecl>(Runner);
    return !(Method && Method->getParent()->isLambda());
  }
  StateAt Recorder(Point, Hops);
  FrameCodeWalker Walker(Recorder);
  Walker.walkFunction(Runner);
  return Recorder.Found &&
         (Recorder.Found->OnPool || (Recorder.Found->AtStart && startsOffLoop(Runner, Depth + 1)));
}

namespace {
/// Member functions of a task or handle that only look at it.
bool onlyLooks(llvm::StringRef Method) {
  return llvm::is_contained({"is_ready", "done", "promise", "return_value", "address"}, Method);
}
} // namespace

bool CoroutinePlacement::taskRunsOffLoop(const Expr *Task, unsigned Depth) {
  // Three answers, folded into two at the end: see TaskUse.
  std::function<TaskUse(const Expr *)> Classify = [&](const Expr *E) -> TaskUse {
    const Expr *Child = nullptr;
    std::optional<DynTypedNode> User = userOf(Ctx, E, Child);
    if (!User)
      return TaskUse::Unknown;
    if (const auto *Var = User->get<VarDecl>()) {
      if (!Var->isLocalVarDecl() || Var->getInit() == nullptr)
        return TaskUse::Unknown;
      const auto *Fn = dyn_cast_or_null<FunctionDecl>(Var->getParentFunctionOrMethod());
      if (!Fn || !Fn->getBody())
        return TaskUse::Unknown;
      TaskUse All = TaskUse::Neutral;
      for (const DeclRefExpr *Ref : referencesTo(Var, Fn->getBody()))
        All = combine(All, Classify(Ref));
      return All;
    }
    if (const auto *Await = User->get<CoawaitExpr>())
      return pointRunsOffLoop(Await, Depth) ? TaskUse::OffLoop : TaskUse::Unknown;
    if (const auto *Member = User->get<MemberExpr>()) {
      // t.resume(), t.handle(), t.is_ready()
      DynTypedNodeList Parents = Ctx.getParents(*Member);
      const auto *Call = Parents.size() == 1 ? Parents[0].get<CXXMemberCallExpr>() : nullptr;
      const CXXMethodDecl *Method = Call ? Call->getMethodDecl() : nullptr;
      if (!Method || !Method->getIdentifier())
        return TaskUse::Unknown;
      llvm::StringRef Name = Method->getName();
      if (Name == "resume")
        return pointRunsOffLoop(Call, Depth) ? TaskUse::OffLoop : TaskUse::Unknown;
      if (Name == "handle" || Name == "get_handle")
        return Classify(Call);
      return onlyLooks(Name) ? TaskUse::Neutral : TaskUse::Unknown;
    }
    if (const auto *Call = User->get<CallExpr>()) {
      // Given to a function: a pool that runs it, or a runner on this thread.
      // (Through a function pointer: who runs it is not known.)
      if (!Call->getDirectCallee() || !llvm::is_contained(Call->arguments(), Child))
        return TaskUse::Unknown;
      std::string Name = qualifiedName(Call->getDirectCallee());
      if (matchesAnyName(Name, PoolTaskStarts))
        return TaskUse::OffLoop;
      if (matchesAnyName(Name, InlineRunners))
        return pointRunsOffLoop(Call, Depth) ? TaskUse::OffLoop : TaskUse::Unknown;
      return TaskUse::Unknown;
    }
    return TaskUse::Unknown;
  };
  return Classify(Task) == TaskUse::OffLoop;
}

bool CoroutinePlacement::startsOnTaggedExecutor(const FunctionDecl *Coroutine) const {
  if (!Coroutine || Coroutine->getNumParams() < 2 || ExecutorTags.empty())
    return false;
  QualType First = Coroutine->getParamDecl(0)->getType().getNonReferenceType();
  const auto *Tag = First->getAsCXXRecordDecl();
  return Tag && matchesAnyName(qualifiedName(Tag), ExecutorTags);
}

bool CoroutinePlacement::startsOffLoop(const FunctionDecl *Coroutine, unsigned Depth) {
  if (startsOnTaggedExecutor(Coroutine))
    return true;
  const auto *Method = dyn_cast_or_null<CXXMethodDecl>(Coroutine);
  if (Depth > 4 || !Method || !Method->getParent()->isLambda())
    return false;
  if (auto It = Known.find(Coroutine); It != Known.end())
    return It->second;
  Known[Coroutine] = false; // a coroutine that runs itself is not placed
  const auto *Outer = dyn_cast<FunctionDecl>(Method->getParent()->getDeclContext());
  if (!Outer || !Outer->getBody())
    return false;
  LambdaUses Finder;
  Finder.Class = Method->getParent();
  Finder.TraverseStmt(Outer->getBody());
  if (!Finder.Lambda)
    return false;

  // The calls that make a task: `[]() -> task {...}()`, or `f(...)` with
  // `auto f = []() -> task {...};`. Every one must run it off the loop.
  std::vector<const Expr *> Makers;
  const Expr *Child = nullptr;
  std::optional<DynTypedNode> User = userOf(Ctx, Finder.Lambda, Child);
  auto CallOf = [&](const std::optional<DynTypedNode> &U, const Expr *Callee) -> const Expr * {
    const auto *Call = U ? U->get<CXXOperatorCallExpr>() : nullptr;
    return Call && Call->getOperator() == OO_Call && Call->getArg(0) == Callee ? Call : nullptr;
  };
  if (const Expr *Call = CallOf(User, Child)) {
    Makers.push_back(Call);
  } else if (const auto *Holder = User ? User->get<VarDecl>() : nullptr;
             Holder && Holder->isLocalVarDecl()) {
    for (const DeclRefExpr *Ref : referencesTo(Holder, Outer->getBody())) {
      const Expr *RefChild = nullptr;
      const Expr *Call = CallOf(userOf(Ctx, Ref, RefChild), RefChild);
      if (!Call)
        return false; // the lambda itself goes elsewhere
      Makers.push_back(Call);
    }
  }
  bool Result = !Makers.empty() && llvm::all_of(Makers, [&](const Expr *Maker) {
    return taskRunsOffLoop(Maker, Depth);
  });
  Known[Coroutine] = Result;
  return Result;
}

} // namespace clang::tidy::concur
