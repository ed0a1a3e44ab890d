//===--- ConcurrencyModelCheck.cpp - concur -------------------------------===//

#include "ConcurrencyModelCheck.h"
#include "analysis/advice/AdviceRecords.h"
#include "analysis/ast/QualifiedNames.h"
#include "analysis/threads/ThreadStarts.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Lexer.h"

using namespace clang::ast_matchers;

namespace clang::tidy::concur {

// FanOutThreshold: docs/seed-table.md measures a thread per task as fast as a loop at
// N = 100 and 1.6x slower at N = 1,000; 256 sits between the two.
ConcurrencyModelCheck::ConcurrencyModelCheck(StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context), FanOutThreshold(Options.get("FanOutThreshold", 256U)),
      MtUnsafeFunctions(Options.get("MtUnsafeFunctions", "")),
      ReportDetachedThreads(Options.get("ReportDetachedThreads", true)),
      AdviseCoroutines(Options.get("AdviseCoroutines", false)),
      Framework(Options, [this](const std::string &Problem) { configurationDiag(Problem); }),
      Profiles(Framework.profiles()),
      Starts(Profiles.threadStartFunctions(), Profiles.threadTypes()) {}

void ConcurrencyModelCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "FanOutThreshold", FanOutThreshold);
  Options.store(Opts, "MtUnsafeFunctions", MtUnsafeFunctions);
  Options.store(Opts, "ReportDetachedThreads", ReportDetachedThreads);
  Options.store(Opts, "AdviseCoroutines", AdviseCoroutines);
  Framework.store(Options, Opts);
}

void ConcurrencyModelCheck::registerMatchers(MatchFinder *Finder) {
  // Only candidates reach check(); the thread-start model decides what they start.
  auto InLoop = hasAncestor(stmt(anyOf(forStmt(), whileStmt(), doStmt(), cxxForRangeStmt())));
  std::vector<StringRef> ThreadTypes = Starts.threadTypeNames();
  Finder->addMatcher(
      cxxConstructExpr(hasDeclaration(cxxConstructorDecl(ofClass(hasAnyName(ThreadTypes)))), InLoop)
          .bind("start"),
      this);
  Finder->addMatcher(callExpr(anyOf(callee(functionDecl(hasAnyName(Starts.startFunctionNames()))),
                                    cxxMemberCallExpr(callee(cxxMethodDecl(
                                        hasAnyName("emplace_back", "emplace", "emplace_front"))))),
                              InLoop)
                         .bind("start"),
                     this);
  Finder->addMatcher(functionDecl(isDefinition(), hasBody(coroutineBodyStmt())).bind("coroutine"),
                     this);
  Finder->addMatcher(cxxMemberCallExpr(callee(cxxMethodDecl(hasName("detach")))).bind("detach"),
                     this);
}

void ConcurrencyModelCheck::ensureAnalysis(ASTContext &Ctx) {
  if (Analysis)
    return;
  BlockingAnalysis::Config Config;
  Config.Catalogs = {&BlockingCatalog::builtin()};
  Config.Profiles = &Profiles;
  // Calls that only may block (close, fclose) say little about what the work is.
  Config.MinimumCertainty = Certainty::Likely;
  Analysis.emplace(Ctx, std::move(Config));
  Profiler.emplace(*Analysis, Ctx.getSourceManager(), splitList(MtUnsafeFunctions),
                   Profiles.loopRunners(), PoolHops(Profiles.poolHops()));
}

/// The loops around \p E up to its function, innermost first.
static llvm::SmallVector<const Stmt *, 4> enclosingLoops(const Expr *E, ASTContext &Ctx) {
  llvm::SmallVector<const Stmt *, 4> Loops;
  DynTypedNodeList Parents = Ctx.getParents(*E);
  while (!Parents.empty()) {
    const DynTypedNode &P = Parents[0];
    if (P.get<FunctionDecl>() || P.get<LambdaExpr>())
      break;
    if (const auto *S = P.get<Stmt>())
      if (isa<ForStmt, WhileStmt, DoStmt, CXXForRangeStmt>(S))
        Loops.push_back(S);
    Parents = Ctx.getParents(P);
  }
  return Loops;
}

static FanOut fanOutOf(llvm::ArrayRef<const Stmt *> Loops, ASTContext &Ctx) {
  FanOut Fan;
  if (Loops.empty()) {
    Fan.K = FanOut::Kind::Single;
    return Fan;
  }
  Fan.Nested = Loops.size() > 1;
  const Stmt *Inner = Loops.front();
  if (const auto *Range = dyn_cast<CXXForRangeStmt>(Inner)) {
    Fan.K = FanOut::Kind::PerElement;
    const Expr *Init = Range->getRangeInit()->IgnoreParenImpCasts();
    if (const auto *Ref = dyn_cast<DeclRefExpr>(Init))
      Fan.Container = Ref->getDecl()->getNameAsString();
    else if (const auto *Member = dyn_cast<MemberExpr>(Init))
      Fan.Container = Member->getMemberDecl()->getNameAsString();
    else
      Fan.Container = Lexer::getSourceText(CharSourceRange::getTokenRange(Init->getSourceRange()),
                                           Ctx.getSourceManager(), Ctx.getLangOpts())
                          .str();
    return Fan;
  }
  if (const auto *For = dyn_cast<ForStmt>(Inner)) {
    // for (i = 0; i < N; ...) with a constant N.
    if (const auto *Cond = dyn_cast_or_null<BinaryOperator>(For->getCond())) {
      Expr::EvalResult Bound;
      if ((Cond->getOpcode() == BO_LT || Cond->getOpcode() == BO_LE) &&
          Cond->getRHS()->EvaluateAsInt(Bound, Ctx)) {
        Fan.K = FanOut::Kind::Constant;
        Fan.Count = Bound.Val.getInt().getLimitedValue() + (Cond->getOpcode() == BO_LE);
        return Fan;
      }
    }
  }
  Fan.K = FanOut::Kind::Unknown;
  return Fan;
}

void ConcurrencyModelCheck::checkFanOut(const Expr *Start, Starter How, const FunctionDecl *Work,
                                        ASTContext &Ctx) {
  if (!Work ||
      !Reported.insert(Ctx.getSourceManager().getFileLoc(Start->getExprLoc()).getRawEncoding())
           .second)
    return;
  ensureAnalysis(Ctx);
  llvm::SmallVector<const Stmt *, 4> Loops = enclosingLoops(Start, Ctx);
  FanOut Fan = fanOutOf(Loops, Ctx);
  const WorkProfile &Profile = Profiler->profile(Work);
  std::optional<Advice> A = advise(Profile, Fan, How, FanOutThreshold);
  if (!A) {
    if (How == Starter::Async)
      diag(Start->getExprLoc(), "std::async in a loop starts %0 with no bound; use a thread pool "
                                "sized to the work")
          << describeFanOut(Fan, How);
    return;
  }
  diag(Start->getExprLoc(), "recommended model: %0 (%1)")
      << modelToken(A->Recommended) << A->Reason;
  AdviceCollector::publish(Ctx.getSourceManager(), Start->getExprLoc(), A->Recommended, A->Reason);
  if (!Loops.empty())
    diag(Loops.front()->getBeginLoc(), "%0 are started in this loop%1", DiagnosticIDs::Note)
        << (How == Starter::Thread || How == Starter::PthreadCreate ? "threads" : "tasks")
        << (Fan.isUnbounded() ? ", with no bound" : "");
  for (size_t I = 0; I < Profile.Evidence.size() && I < 5; ++I)
    diag(Profile.Evidence[I].first, "%0", DiagnosticIDs::Note) << Profile.Evidence[I].second;
  if ((How == Starter::Thread || How == Starter::PthreadCreate) &&
      A->Recommended == Model::EventLoop)
    diag(Start->getExprLoc(),
         "each thread reserves a stack (8 MiB of address space by default); a coroutine frame "
         "on an event loop takes a few hundred bytes",
         DiagnosticIDs::Note);
}

void ConcurrencyModelCheck::checkCoroutine(const FunctionDecl *Coroutine, ASTContext &Ctx) {
  if (!Reported.insert(Ctx.getSourceManager().getFileLoc(Coroutine->getLocation()).getRawEncoding())
           .second)
    return;
  ensureAnalysis(Ctx);
  const WorkProfile &Profile = Profiler->profile(Coroutine);
  if (Profile.SyncOnlyIO.empty())
    return; // Blocking network calls and sleeps have async forms: see the blocking-call check.
  FanOut Single;
  Single.K = FanOut::Kind::Single;
  std::optional<Advice> A = advise(Profile, Single, Starter::Coroutine, FanOutThreshold);
  if (!A)
    return;
  std::string Reason = "coroutine '" + displayName(Coroutine) + "': " + A->Reason;
  diag(Coroutine->getLocation(), "recommended model: %0 (%1)")
      << modelToken(A->Recommended) << Reason;
  AdviceCollector::publish(Ctx.getSourceManager(), Coroutine->getLocation(), A->Recommended,
                           std::move(Reason));
  for (size_t I = 0; I < Profile.Evidence.size() && I < 5; ++I)
    diag(Profile.Evidence[I].first, "%0", DiagnosticIDs::Note) << Profile.Evidence[I].second;
}

/// The function whose code contains \p E.
static const FunctionDecl *enclosingFunction(const Expr *E, ASTContext &Ctx) {
  DynTypedNodeList Parents = Ctx.getParents(*E);
  while (!Parents.empty()) {
    if (const auto *FD = Parents[0].get<FunctionDecl>())
      return FD;
    Parents = Ctx.getParents(Parents[0]);
  }
  return nullptr;
}

/// The class a function belongs to, a lambda's being its enclosing method's.
static const CXXRecordDecl *owningClass(const FunctionDecl *FD) {
  for (const DeclContext *Ctx = FD; Ctx; Ctx = Ctx->getParent())
    if (const auto *RD = dyn_cast<CXXRecordDecl>(Ctx); RD && !RD->isLambda())
      return RD;
  return nullptr;
}

bool ConcurrencyModelCheck::isExecutorsOwnStart(const Expr *E, const ThreadStart &Start,
                                                ASTContext &Ctx) const {
  const FunctionDecl *Starter = enclosingFunction(E, Ctx);
  if (!Starter)
    return false;
  // A framework's own code (libcoro's thread_pool, asio's scheduler).
  if (Profiles.isLibraryCode(Starter))
    return true;
  // A pool written by hand: a constructor that starts the class's own
  // member (or a lambda of its own) on each of its threads. Its workers are
  // how it runs the user's jobs, not a fan-out of the user's work. (A
  // member that starts a thread per connection is the user's fan-out.)
  const CXXRecordDecl *Class = owningClass(Starter);
  return Class && isa<CXXConstructorDecl>(Starter) && Start.Entry.Function &&
         owningClass(Start.Entry.Function) == Class;
}

/// How the advice names what starts the work.
static Starter starterOf(ThreadStart::Kind K) {
  switch (K) {
  case ThreadStart::Kind::Thread:
  case ThreadStart::Kind::JThread:
    return Starter::Thread;
  case ThreadStart::Kind::Async:
    return Starter::Async;
  case ThreadStart::Kind::Pthread:
    return Starter::PthreadCreate;
  case ThreadStart::Kind::Pool:
  case ThreadStart::Kind::Executor:
  case ThreadStart::Kind::Listed:
    return Starter::PoolSubmit;
  case ThreadStart::Kind::Spawn:
    return Starter::LoopSpawn;
  }
  return Starter::PoolSubmit;
}

void ConcurrencyModelCheck::check(const MatchFinder::MatchResult &Result) {
  ASTContext &Ctx = *Result.Context;
  const auto &Nodes = Result.Nodes;
  if (const auto *E = Nodes.getNodeAs<Expr>("start")) {
    std::optional<ThreadStart> Start = Starts.recognize(E);
    if (Start && !isExecutorsOwnStart(E, *Start, Ctx))
      checkFanOut(E, starterOf(Start->K), Start->Entry.Function, Ctx);
    return;
  }
  // Off by default in `concur check`: the blocking-call check already reports
  // each call; `concur advise` turns it on for its per-coroutine rows.
  if (const auto *Coroutine = Nodes.getNodeAs<FunctionDecl>("coroutine");
      Coroutine && AdviseCoroutines)
    return checkCoroutine(Coroutine, Ctx);
  if (const auto *Detach = Nodes.getNodeAs<CXXMemberCallExpr>("detach");
      Detach && ReportDetachedThreads) {
    auto Operation = Starts.handleOperation(Detach);
    if (Operation && Operation->first == HandleOperation::Detach)
      diag(Detach->getExprLoc(),
           "detached thread: nothing waits for it or sees how it ends, and it "
           "may outlive what it uses; keep a std::jthread, or submit the work "
           "to a thread pool");
  }
}

void ConcurrencyModelCheck::onEndOfTranslationUnit() {
  Profiler.reset();
  Analysis.reset();
  Reported.clear();
}

} // namespace clang::tidy::concur
