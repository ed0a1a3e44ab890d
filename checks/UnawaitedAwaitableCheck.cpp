//===--- UnawaitedAwaitableCheck.cpp - concur -----------------------------===//

#include "UnawaitedAwaitableCheck.h"
#include "analysis/ast/QualifiedNames.h"
#include "analysis/coroutines/Awaitables.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Basic/SourceManager.h"

using namespace clang::ast_matchers;

namespace clang::tidy::concur {

UnawaitedAwaitableCheck::UnawaitedAwaitableCheck(StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context), TaskTypes(Options.get("TaskTypes", "")),
      IgnoredTypes(Options.get("IgnoredTypes", "")),
      Framework(Options, [this](const std::string &Problem) { configurationDiag(Problem); }),
      Profiles(Framework.profiles()), LazyTasks(withListed(Profiles.taskTypes(), TaskTypes)),
      Ignored(splitList(IgnoredTypes)), DeferredTokens(Profiles.deferredTokens()),
      Starts(Profiles.threadStartFunctions(), Profiles.threadTypes()), Hops(Profiles.poolHops()) {}

void UnawaitedAwaitableCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "TaskTypes", TaskTypes);
  Options.store(Opts, "IgnoredTypes", IgnoredTypes);
  Framework.store(Options, Opts);
}

void UnawaitedAwaitableCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(
      functionDecl(isDefinition(), hasBody(stmt()), unless(isExpansionInSystemHeader())).bind("fn"),
      this);
}

namespace {
/// The statements of a function whose values are discarded: the expressions
/// that stand as statements in its blocks and branches. Lambdas are their
/// own functions (a statement there is discarded in the lambda); local
/// classes' methods are matched on their own.
class DiscardedStatements : public RecursiveASTVisitor<DiscardedStatements> {
public:
  explicit DiscardedStatements(
      llvm::function_ref<void(const Expr *, const FunctionDecl *)> OnStatement)
      : OnStatement(OnStatement) {}

  void walk(const FunctionDecl *FD) {
    const FunctionDecl *Outer = Current;
    Current = FD;
    TraverseStmt(FD->getBody());
    Current = Outer;
  }
  bool TraverseLambdaExpr(LambdaExpr *Lambda) {
    walk(Lambda->getCallOperator());
    return true;
  }
  bool TraverseCXXRecordDecl(CXXRecordDecl *) { return true; }
  bool VisitCompoundStmt(CompoundStmt *Block) {
    for (Stmt *S : Block->body())
      note(S);
    return true;
  }
  bool VisitIfStmt(IfStmt *If) {
    note(If->getThen());
    note(If->getElse());
    return true;
  }
  bool VisitWhileStmt(WhileStmt *Loop) { return note(Loop->getBody()); }
  bool VisitDoStmt(DoStmt *Loop) { return note(Loop->getBody()); }
  bool VisitForStmt(ForStmt *Loop) { return note(Loop->getBody()); }
  bool VisitCXXForRangeStmt(CXXForRangeStmt *Loop) { return note(Loop->getBody()); }
  bool VisitSwitchCase(SwitchCase *Case) { return note(Case->getSubStmt()); }
  bool VisitLabelStmt(LabelStmt *Label) { return note(Label->getSubStmt()); }

private:
  bool note(const Stmt *S) {
    if (const auto *E = dyn_cast_or_null<Expr>(S))
      OnStatement(E, Current);
    return true;
  }
  llvm::function_ref<void(const Expr *, const FunctionDecl *)> OnStatement;
  const FunctionDecl *Current = nullptr;
};

/// The call or temporary a statement makes, under the cleanups and
/// conversions clang wraps it in.
const Expr *madeValue(const Expr *E) { return E->IgnoreImplicit()->IgnoreParens(); }

const CXXRecordDecl *promiseOfCoroutine(const FunctionDecl *FD) {
  const auto *Body = FD ? dyn_cast_or_null<CoroutineBodyStmt>(FD->getBody()) : nullptr;
  if (!Body || !Body->getPromiseDecl())
    return nullptr;
  return Body->getPromiseDecl()->getType()->getAsCXXRecordDecl();
}
} // namespace

void UnawaitedAwaitableCheck::check(const MatchFinder::MatchResult &Result) {
  const auto *FD = Result.Nodes.getNodeAs<FunctionDecl>("fn");
  if (FD->isDependentContext() || Profiles.isLibraryCode(FD))
    return; // templates are checked in their instantiations; frameworks build awaiters by hand
  auto OnStatement = [&](const Expr *E, const FunctionDecl *Enclosing) {
    checkStatement(E, Enclosing, *Result.Context);
  };
  DiscardedStatements Walker(OnStatement); // a function_ref: OnStatement outlives it
  Walker.walk(FD);
}

bool UnawaitedAwaitableCheck::isIgnored(QualType T, const Expr *E) const {
  std::string Type = recordName(T);
  if (matchesAnyName(Type, Ignored))
    return true;
  // Work that starts on its own (a spawn, a pool job): its handle may go.
  // Not when a completion token defers the start to the co_await
  // (`asio::post(ex, asio::use_awaitable)` posts nothing yet).
  const auto *Call = dyn_cast<CallExpr>(E);
  if (!Call || !Starts.isStartFunction(Call->getDirectCallee()))
    return false;
  // A result that is lazy by contract (asio's deferred operations, the
  // default token's) started nothing either.
  if (matchesAnyName(Type, LazyTasks))
    return false;
  return llvm::none_of(Call->arguments(),
                       [&](const Expr *Arg) { return isDeferredToken(Arg->getType()); });
}

bool UnawaitedAwaitableCheck::isDeferredToken(QualType T) const {
  // A token adapter wraps the token it adapts as its first template
  // argument: asio::as_tuple_t<use_awaitable_t<>>, redirect_error_t<...>.
  for (int Depth = 0; Depth < 4 && !T.isNull(); ++Depth) {
    std::string Token = recordName(T);
    if (Token.empty())
      return false;
    if (matchesAnyName(Token, DeferredTokens))
      return true;
    std::optional<QualType> Inner = firstTypeArgument(T);
    if (!Inner)
      return false;
    T = *Inner;
  }
  return false;
}

void UnawaitedAwaitableCheck::checkStatement(const Expr *Statement, const FunctionDecl *Enclosing,
                                             ASTContext &Ctx) {
  const Expr *E = madeValue(Statement);
  // A prvalue made and dropped; `t = make();` or `(void)make();` keep or
  // discard on purpose, and a co_await has awaited.
  if (!E->isPRValue() || isa<CoawaitExpr>(E) || isa<CoyieldExpr>(E) || E->isTypeDependent() ||
      E->getType()->isVoidType())
    return;
  QualType T = E->getType();
  AwaitableKind Kind = classifyAwaitable(T, LazyTasks);
  if (Kind != AwaitableKind::Awaiter && Kind != AwaitableKind::LazyTask &&
      Kind != AwaitableKind::Generator)
    return;
  if (isIgnored(T, E))
    return;
  const SourceManager &SM = Ctx.getSourceManager();
  if (!Reported.insert(SM.getFileLoc(E->getBeginLoc()).getRawEncoding()).second)
    return;

  const auto *Call = dyn_cast<CallExpr>(E);
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  std::string What =
      Callee ? "returned by '" + displayName(Callee) + "'" : "of type '" + recordName(T) + "'";
  if (Kind == AwaitableKind::Generator) {
    // Iterated, not awaited: no co_await to add, no executor to hand it to.
    diag(E->getBeginLoc(), "the generator %0 is never iterated: its body does not run until it "
                           "is")
        << What << E->getSourceRange();
    return;
  }
  const CXXRecordDecl *Promise = promiseOfCoroutine(Enclosing);
  bool CanFix = Promise && promiseAccepts(Promise, T) && !E->getBeginLoc().isMacroID();
  {
    auto D = Kind == AwaitableKind::LazyTask
                 ? diag(E->getBeginLoc(), "the task %0 is never awaited: a lazy coroutine does "
                                          "not run until it is awaited")
                 : diag(E->getBeginLoc(), "the awaitable %0 is discarded without co_await: it "
                                          "does nothing until it is awaited");
    D << What << E->getSourceRange();
    if (CanFix)
      D << FixItHint::CreateInsertion(E->getBeginLoc(), "co_await ");
  }
  if (Hops.isHop(E))
    diag(E->getBeginLoc(),
         "'%0' moves the coroutine only when awaited: the code after it runs where it was",
         DiagnosticIDs::Note)
        << displayName(Callee);
  if (!Promise)
    diag(E->getBeginLoc(),
         "'%0' is not a coroutine: await it from one, or hand it to an executor (spawn, "
         "sync_wait, start)",
         DiagnosticIDs::Note)
        << displayName(Enclosing);
  else if (!CanFix && promiseAccepts(Promise, T))
    diag(E->getBeginLoc(), "add 'co_await' before it", DiagnosticIDs::Note);
}

} // namespace clang::tidy::concur
