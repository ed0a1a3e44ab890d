//===--- BlockingCallInCoroutineCheck.cpp - concur ------------------------===//

#include "BlockingCallInCoroutineCheck.h"
#include "BlockingCallMessages.h"
#include "analysis/ast/FrameCodeWalker.h"
#include "analysis/ast/QualifiedNames.h"
#include "analysis/project/TUSummaryBuilder.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Lex/Preprocessor.h"

using namespace clang::ast_matchers;

namespace clang::tidy::concur {

BlockingCallInCoroutineCheck::BlockingCallInCoroutineCheck(StringRef Name,
                                                           ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context), BlockingFunctions(Options.get("BlockingFunctions", "")),
      NonBlockingFunctions(Options.get("NonBlockingFunctions", "")),
      IgnoredCoroutineTypes(Options.get("IgnoredCoroutineTypes", "")),
      PoolHopAwaitables(Options.get("PoolHopAwaitables", "")),
      MaxCallDepth(Options.get("MaxCallDepth", 8U)),
      CheckSynchronousGenerators(Options.get("CheckSynchronousGenerators", false)),
      MinimumCertainty(Options.get("MinimumCertainty", "may")),
      Spellings{Options.get("SleepReplacement", "concur::sleep_for").str(),
                Options.get("SleepUntilReplacement", "concur::sleep_until").str(),
                Options.get("OffloadReplacement", "concur::to_thread").str(),
                Options.get("IncludeHeader", "<concur/concur.hpp>").str()},
      ProjectIndexPath(Options.get("ProjectIndex", "auto")),
      SummaryDirectory(Options.get("SummaryDirectory", "")),
      Framework(Options, [this](const std::string &Problem) { configurationDiag(Problem); }),
      Profiles(Framework.profiles()),
      Inserter(Options.getLocalOrGlobal("IncludeStyle", utils::IncludeSorter::IS_LLVM),
               areDiagsSelfContained()) {
  for (const std::string &Item : splitList(BlockingFunctions)) {
    llvm::StringRef Name = Item, Replacement;
    std::tie(Name, Replacement) = llvm::StringRef(Item).split('=');
    CatalogEntry Entry;
    Entry.Name = Name.trim().str();
    Entry.Anchored = false;
    Entry.Category = "user";
    Entry.Replacement = Replacement.trim().str();
    Entry.Fix = Entry.Replacement.empty() ? FixKind::Offload : FixKind::Replace;
    Entry.Note = "listed in the option BlockingFunctions";
    if (Entry.Name.empty()) {
      configurationDiag("invalid entry '%0' in option 'BlockingFunctions': expected a function "
                        "name, optionally followed by '=replacement'")
          << Item;
      continue;
    }
    UserCatalog.add(std::move(Entry));
  }
  // The frameworks' hops, then the option's.
  PoolHopCalls = PoolHops(withListed(Profiles.poolHops(), PoolHopAwaitables));
  if (!IgnoredCoroutineTypes.empty()) {
    IgnoredTypes.emplace(IgnoredCoroutineTypes);
    std::string Error;
    if (!IgnoredTypes->isValid(Error)) {
      configurationDiag("invalid regular expression '%0' in option 'IgnoredCoroutineTypes': %1")
          << IgnoredCoroutineTypes << Error;
      IgnoredTypes.reset();
    }
  }
  if (std::optional<Certainty> C = parseCertainty(MinimumCertainty))
    MinCertainty = *C;
  else
    configurationDiag("invalid value '%0' for option 'MinimumCertainty': expected 'may', "
                      "'likely' or 'certain'")
        << MinimumCertainty;
}

void BlockingCallInCoroutineCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Options.store(Opts, "BlockingFunctions", BlockingFunctions);
  Options.store(Opts, "NonBlockingFunctions", NonBlockingFunctions);
  Options.store(Opts, "IgnoredCoroutineTypes", IgnoredCoroutineTypes);
  Options.store(Opts, "PoolHopAwaitables", PoolHopAwaitables);
  Options.store(Opts, "MaxCallDepth", MaxCallDepth);
  Options.store(Opts, "CheckSynchronousGenerators", CheckSynchronousGenerators);
  Options.store(Opts, "MinimumCertainty", MinimumCertainty);
  Options.store(Opts, "SleepReplacement", Spellings.Sleep);
  Options.store(Opts, "SleepUntilReplacement", Spellings.SleepUntil);
  Options.store(Opts, "OffloadReplacement", Spellings.Offload);
  Options.store(Opts, "IncludeHeader", Spellings.IncludeHeader);
  Options.store(Opts, "IncludeStyle", Inserter.getStyle());
  Options.store(Opts, "ProjectIndex", ProjectIndexPath);
  Options.store(Opts, "SummaryDirectory", SummaryDirectory);
  Framework.store(Options, Opts);
}

void BlockingCallInCoroutineCheck::registerPPCallbacks(const SourceManager &, Preprocessor *PP,
                                                       Preprocessor *) {
  Inserter.registerPreprocessor(PP);
}

void BlockingCallInCoroutineCheck::registerMatchers(MatchFinder *Finder) {
  // The TU comes first: its summary (the map step) is built before the
  // coroutines are checked, and written when the TU ends.
  if (!SummaryDirectory.empty())
    Finder->addMatcher(translationUnitDecl().bind("tu"), this);
  Finder->addMatcher(functionDecl(isDefinition(), hasBody(coroutineBodyStmt())).bind("coroutine"),
                     this);
}

bool BlockingCallInCoroutineCheck::isIgnoredCoroutine(const FunctionDecl *FD) const {
  if (!IgnoredTypes)
    return false;
  QualType T = FD->getReturnType();
  PrintingPolicy Policy(FD->getASTContext().getLangOpts());
  Policy.FullyQualifiedName = true;
  Policy.SuppressScope = false;
  return IgnoredTypes->match(T.getAsString(Policy)) ||
         IgnoredTypes->match(T.getCanonicalType().getAsString(Policy));
}

/// A synchronous generator: never awaits, and its promise yields values.
static bool isSynchronousGenerator(const CoroutineBodyStmt *Body) {
  if (containsSuspension(Body->getBody())) {
    // co_yield alone is fine for a generator; any co_await makes it async.
    struct AwaitFinder : FrameVisitor<AwaitFinder> {
      bool Found = false;
      bool VisitCoawaitExpr(CoawaitExpr *) { return !(Found = true); }
      bool VisitDependentCoawaitExpr(DependentCoawaitExpr *) { return !(Found = true); }
    } Finder;
    Finder.TraverseStmt(Body->getBody());
    if (Finder.Found)
      return false;
  }
  const VarDecl *Promise = Body->getPromiseDecl();
  const CXXRecordDecl *RD = Promise ? Promise->getType()->getAsCXXRecordDecl() : nullptr;
  if (!RD || !RD->hasDefinition())
    return false;
  ASTContext &Ctx = RD->getASTContext();
  return !RD->lookup(&Ctx.Idents.get("yield_value")).empty();
}

/// Walks one coroutine and reports what blocks in it.
class CoroutineFindings : public FrameCodeListener {
public:
  CoroutineFindings(BlockingCallInCoroutineCheck &Check, const FunctionDecl *Coroutine,
                    bool CanAwait, ASTContext &Ctx)
      : Check(Check), Coroutine(Coroutine), Name(displayName(Coroutine)), CanAwait(CanAwait),
        Ctx(Ctx) {}

  bool isPoolHop(const Expr *Operand) override { return Check.PoolHopCalls.isHop(Operand); }

  void onCall(const Expr *Call, const FunctionDecl *Callee, const WalkState &State) override {
    if (State.OnPool || alreadyReported(Call->getExprLoc()))
      return;
    // Where the coroutine runs is asked only of what blocks: it walks its callers.
    BlockingAnalysis &Analysis = *Check.Analysis;
    if (std::optional<BlockingSite> Site = Analysis.directlyBlockingCall(Call, Callee)) {
      if (offLoop(State))
        return;
      firstReport(Call->getExprLoc());
      reportDirect(*Site, State);
    } else if (std::optional<BlockingChain> Chain = Analysis.blockingChain(Callee)) {
      if (offLoop(State))
        return;
      firstReport(Call->getExprLoc());
      reportChain(Call, Callee, *Chain, State);
    }
  }

  void onDiscardedValue(const Expr *E, const WalkState &State) override {
    if (State.OnPool)
      return;
    std::optional<BlockingSite> Site = Check.Analysis->discardedAsync(E);
    if (!Site || offLoop(State) || !firstReport(Site->location()))
      return;
    Check.diag(Site->location(), "the std::future returned by 'std::async' is destroyed at the "
                                 "end of this statement in coroutine '%0', which waits for the "
                                 "task and stalls its event loop")
        << Name;
    Check.diag(Site->location(), "keep the future, or use 'co_await %0(...)' instead",
               DiagnosticIDs::Note)
        << Check.Spellings.Offload;
  }

  void onLocalVariable(const VarDecl *Var, SourceLocation ScopeEnd,
                       const WalkState &State) override {
    if (State.OnPool)
      return;
    const auto *Body = cast<CoroutineBodyStmt>(Coroutine->getBody())->getBody();
    std::optional<BlockingSite> Site = Check.Analysis->joiningLocal(Var, ScopeEnd, Body);
    if (!Site || offLoop(State) || !firstReport(Var->getLocation()))
      return;
    bool IsThread = Site->Name == "std::jthread::~jthread";
    Check.diag(Var->getLocation(),
               IsThread ? "'%0' is a std::jthread destroyed in coroutine '%1': its destructor "
                          "joins the thread and stalls the event loop"
                        : "'%0' holds the std::future of a std::async call; destroying it in "
                          "coroutine '%1' waits for the task and stalls the event loop")
        << Var->getName() << Name;
    Check.diag(ScopeEnd, "'%0' is destroyed here", DiagnosticIDs::Note) << Var->getName();
  }

private:
  // On a pool's worker or a plain thread, a blocking call stalls no loop.
  bool offLoop(const WalkState &State) { return Check.Placement->offLoop(Coroutine, State); }

  // Template coroutines are reported once per location, not per instantiation.
  unsigned key(SourceLocation Loc) const {
    return Ctx.getSourceManager().getFileLoc(Loc).getRawEncoding();
  }
  bool alreadyReported(SourceLocation Loc) const { return Check.Reported.contains(key(Loc)); }
  bool firstReport(SourceLocation Loc) { return Check.Reported.insert(key(Loc)).second; }

  void addFix(DiagnosticBuilder &D, const Expr *Call, FixKind Kind, llvm::StringRef Replacement,
              const WalkState &State) {
    // co_await is ill-formed in a catch handler, and a generator may not await.
    if (!CanAwait || State.CatchDepth > 0 || State.CaptureInitDepth > 0)
      return;
    std::optional<BlockingCallFix> Fix =
        makeBlockingCallFix(Call, Kind, Replacement, Check.Spellings, Ctx);
    if (!Fix)
      return;
    D << Fix->Replacement;
    if (Fix->NeedsRuntimeHeader) {
      const SourceManager &SM = Ctx.getSourceManager();
      FileID File = SM.getFileID(SM.getExpansionLoc(Call->getBeginLoc()));
      if (auto Include = Check.Inserter.createIncludeInsertion(File, Check.Spellings.IncludeHeader))
        D << *Include;
    }
  }

  void reportDirect(const BlockingSite &Site, const WalkState &State) {
    SourceLocation Loc = Site.Call->getExprLoc();
    {
      DiagnosticBuilder D =
          Check.diag(Loc, "blocking call to '%0' in coroutine '%1' stalls its event loop")
          << Site.Name << Name;
      addFix(D, Site.Call, Site.Fix, Site.Replacement, State);
    }
    Check.diag(Loc, "%0", DiagnosticIDs::Note) << directCallNote(Site);
  }

  void reportChain(const Expr *Call, const FunctionDecl *Callee, const BlockingChain &Chain,
                   const WalkState &State) {
    std::string CalleeName = displayName(Callee);
    std::string Path = chainPath(Chain, CalleeName);
    {
      DiagnosticBuilder D =
          Check.diag(Call->getExprLoc(), "call to '%0' in coroutine '%1' blocks its event loop: %2")
          << CalleeName << Name << Path;
      addFix(D, Call, FixKind::Offload, "", State);
    }
    // Steps in another TU point into its files (loaded for the notes); a
    // file that is gone since the index was built gets no note.
    for (const ChainStep &Step : Chain.Steps)
      if (Step.Call.isValid())
        Check.diag(Step.Call, "'%0' calls '%1' here", DiagnosticIDs::Note)
            << Step.Function << Step.CalleeName;
    const std::string &Last = Chain.LastFunction;
    const BlockingSite &Final = Chain.Final;
    if (Final.K == BlockingSite::Kind::JoiningDestructor) {
      Check.diag(Final.Var->getLocation(), "'%0' declares '%1' here; %2", DiagnosticIDs::Note)
          << Last << Final.Var->getName() << Final.Note;
      Check.diag(Final.ScopeEnd, "'%0' is destroyed here", DiagnosticIDs::Note)
          << Final.Var->getName();
      return;
    }
    if (Final.location().isValid())
      Check.diag(Final.location(), "'%0' calls '%1' here, which %2", DiagnosticIDs::Note)
          << Last << Final.Name << describeSite(Final);
  }

  BlockingCallInCoroutineCheck &Check;
  const FunctionDecl *Coroutine;
  std::string Name;
  bool CanAwait;
  ASTContext &Ctx;
};

void BlockingCallInCoroutineCheck::ensureAnalysis(ASTContext &Ctx) {
  if (Analysis)
    return;
  const SourceManager &SM = Ctx.getSourceManager();
  if (OptionalFileEntryRef Main = SM.getFileEntryRefForID(SM.getMainFileID()))
    Index = loadProjectIndex(ProjectIndexPath, Main->getName());
  BlockingAnalysis::Config Config;
  Config.Catalogs = {&BlockingCatalog::builtin(), &UserCatalog};
  Config.NonBlockingFunctions = splitList(NonBlockingFunctions);
  Config.MaxCallDepth = MaxCallDepth;
  Config.MinimumCertainty = MinCertainty;
  Config.Index = Index.get();
  Config.Profiles = &Profiles;
  Analysis.emplace(Ctx, std::move(Config));
  Placement.emplace(Ctx, Profiles.poolTaskStarts(), Profiles.inlineRunners(),
                    Profiles.executorTags(), PoolHopCalls);
}

void BlockingCallInCoroutineCheck::check(const MatchFinder::MatchResult &Result) {
  if (Result.Nodes.getNodeAs<TranslationUnitDecl>("tu")) {
    ensureAnalysis(*Result.Context);
    Summary = summarizeTranslationUnit(*Analysis, *Result.Context);
    return;
  }
  const auto *FD = Result.Nodes.getNodeAs<FunctionDecl>("coroutine");
  const auto *Body = dyn_cast_or_null<CoroutineBodyStmt>(FD->getBody());
  if (!Body || isIgnoredCoroutine(FD))
    return;
  bool Generator = isSynchronousGenerator(Body);
  if (Generator && !CheckSynchronousGenerators)
    return;
  ensureAnalysis(*Result.Context);
  CoroutineFindings Findings(*this, FD, /*CanAwait=*/!Generator, *Result.Context);
  FrameCodeWalker Walker(Findings);
  Walker.walkFunction(FD);
}

void BlockingCallInCoroutineCheck::writeSummary() {
  if (!Summary || SummaryDirectory.empty() || Summary->Source.empty())
    return;
  Summary->Lookups = Analysis->indexLookups();
  // A summary that cannot be written costs only the project view of this
  // TU; the front end that asked for it says so when it finds none.
  llvm::consumeError(writeTUSummary(*Summary, summaryPathFor(SummaryDirectory, Summary->Source)));
}

void BlockingCallInCoroutineCheck::onEndOfTranslationUnit() {
  writeSummary();
  Summary.reset();
  Placement.reset();
  Analysis.reset();
  Index.reset();
  Reported.clear();
}

} // namespace clang::tidy::concur
