//===--- CallSummaries.cpp - concur ---------------------------------------===//

#include "analysis/blocking/CallSummaries.h"
#include "analysis/ast/FrameCodeWalker.h"
#include "analysis/ast/QualifiedNames.h"
#include "analysis/ast/ReachableFunctions.h"
#include "analysis/blocking/CallConditions.h"
#include "analysis/profiles/FrameworkProfiles.h"
#include "analysis/project/ProjectIndex.h"
#include "analysis/project/ProjectLocations.h"
#include "analysis/project/ProjectNames.h"
#include "clang/AST/Attr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/SmallPtrSet.h"

namespace clang::tidy::concur {

SourceLocation BlockingSite::location() const {
  if (Call)
    return Call->getBeginLoc();
  return Var ? Var->getLocation() : Remote;
}

bool hasAnnotation(const Decl *D, llvm::StringRef Annotation) {
  for (const Decl *Redecl : D->redecls())
    for (const auto *A : Redecl->specific_attrs<AnnotateAttr>())
      if (A->getAnnotation() == Annotation)
        return true;
  return false;
}

bool BlockingAnalysis::isDeclaredNonBlocking(const FunctionDecl *FD) const {
  if (hasAnnotation(FD, "concur::nonblocking"))
    return true;
  if (Cfg.NonBlockingFunctions.empty())
    return false;
  std::string Name = qualifiedName(FD);
  for (const std::string &Pattern : Cfg.NonBlockingFunctions)
    if (nameMatches(Name, Pattern))
      return true;
  return false;
}

static BlockingSite siteFromEntry(const CatalogEntry &E, const Expr *Call) {
  BlockingSite Site;
  Site.K = BlockingSite::Kind::Call;
  Site.Call = Call;
  Site.Name = E.displayName().str();
  Site.Category = E.Category;
  Site.Cert = E.Cert;
  Site.Replacement = E.Replacement;
  Site.Fix = E.Fix;
  return Site; // The catalogue's note is for docs/catalog.md; diagnostics stay short.
}

std::optional<BlockingSite>
BlockingAnalysis::directlyBlockingCall(const Expr *Call, const FunctionDecl *Callee) const {
  if (!Callee || isDeclaredNonBlocking(Callee))
    return std::nullopt;
  // Copying or moving an open stream or iterator does no I/O.
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(Callee);
      Ctor && Ctor->isCopyOrMoveConstructor())
    return std::nullopt;
  if (hasAnnotation(Callee, "concur::blocking")) {
    BlockingSite Site;
    Site.Call = Call;
    Site.Name = qualifiedName(Callee);
    Site.Category = "annotated";
    Site.Note = "it is annotated [[clang::annotate(\"concur::blocking\")]]";
    return Site;
  }
  // A method is looked up under the class it is called on first, so that
  // `f.wait_for()` is std::future::wait_for even where the library declares
  // it in a base class (libstdc++'s std::__basic_future).
  std::vector<std::string> Names;
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call)) {
    QualType Object = Member->getImplicitObjectArgument()->IgnoreParenImpCasts()->getType();
    if (Object->isPointerType())
      Object = Object->getPointeeType();
    if (const auto *RD = Object->getAsCXXRecordDecl())
      Names.push_back(qualifiedName(RD) + "::" + Callee->getNameAsString());
  }
  Names.push_back(qualifiedName(Callee));
  // Asked only of a callee that a C library entry names (few calls do).
  auto IsCLibrary = [&] {
    const SourceManager &SM = Ctx.getSourceManager();
    return Callee->isExternC() || Callee->isInExternCContext() ||
           llvm::any_of(Callee->redecls(), [&](const FunctionDecl *D) {
             return SM.isInSystemHeader(D->getLocation());
           });
  };
  for (const std::string &Name : Names)
    for (const BlockingCatalog *Catalog : Cfg.Catalogs)
      for (const CatalogEntry *Entry : Catalog->lookup(Name))
        if ((!Entry->namesCFunction() || IsCLibrary()) && Entry->Cert >= Cfg.MinimumCertainty &&
            callBlocks(*Entry, Call, Ctx, descriptorsFor(*Entry)))
          return siteFromEntry(*Entry, Call);
  return std::nullopt;
}

const NonBlockingDescriptors *BlockingAnalysis::descriptorsFor(const CatalogEntry &Entry) const {
  for (const ArgCondition &C : Entry.NonBlockingIf)
    if (C.K == ArgCondition::Kind::NonBlockingDescriptor)
      return &descriptors();
  return nullptr;
}

const NonBlockingDescriptors &BlockingAnalysis::descriptors() const {
  if (!Descriptors)
    Descriptors.emplace(
        Ctx, Cfg.Profiles ? Cfg.Profiles->nonBlockingHandles() : std::vector<std::string>(),
        Cfg.Index, &Lookups.NonBlocking);
  return *Descriptors;
}

static const CallExpr *asStdAsyncCall(const Expr *E) {
  E = E->IgnoreImplicit()->IgnoreParens();
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E))
    if (Construct->getNumArgs() == 1) // Older ASTs copy or move the temporary.
      E = Construct->getArg(0)->IgnoreImplicit()->IgnoreParens();
  const auto *Call = dyn_cast<CallExpr>(E);
  if (!Call || !Call->getDirectCallee())
    return nullptr;
  return qualifiedName(Call->getDirectCallee()) == "std::async" ? Call : nullptr;
}

namespace {
/// Finds what releases a local before its scope ends: a move, detach(),
/// join(), get() or wait().
class ReleaseFinder : public RecursiveASTVisitor<ReleaseFinder> {
public:
  explicit ReleaseFinder(const VarDecl *Var) : Var(Var) {}
  bool Released = false;

  bool refersToVar(const Expr *E) const {
    const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
    return Ref && Ref->getDecl() == Var;
  }
  bool VisitCallExpr(CallExpr *Call) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (!Callee)
      return true;
    if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call)) {
      llvm::StringRef Name = identifierName(Callee);
      if (refersToVar(Member->getImplicitObjectArgument()) &&
          (Name == "detach" || Name == "join" || Name == "get" || Name == "wait"))
        Released = true;
    } else if (Call->getNumArgs() == 1 && refersToVar(Call->getArg(0))) {
      std::string Name = qualifiedName(Callee);
      if (Name == "std::move" || Name == "std::forward")
        Released = true;
    }
    return !Released;
  }

private:
  const VarDecl *Var;
};
} // namespace

std::optional<BlockingSite> BlockingAnalysis::joiningLocal(const VarDecl *Var,
                                                           SourceLocation ScopeEnd,
                                                           const Stmt *Scope) const {
  std::string Type = recordName(Var->getType());
  if (Var->getType()->isReferenceType())
    return std::nullopt;
  BlockingSite Site;
  Site.K = BlockingSite::Kind::JoiningDestructor;
  Site.Var = Var;
  Site.ScopeEnd = ScopeEnd;
  Site.Category = "wait";
  Site.Fix = FixKind::None;
  if (Type == "std::jthread") {
    Site.Name = "std::jthread::~jthread";
    Site.Note = "the destructor of a std::jthread requests stop and joins the thread";
  } else if (Type == "std::future" && Var->getInit() && asStdAsyncCall(Var->getInit())) {
    Site.Name = "std::future::~future";
    Site.Note = "the destructor of a std::future from std::async waits for the task";
  } else {
    return std::nullopt;
  }
  ReleaseFinder Finder(Var);
  if (Scope)
    Finder.TraverseStmt(const_cast<Stmt *>(Scope));
  if (Finder.Released)
    return std::nullopt;
  return Site;
}

std::optional<BlockingSite> BlockingAnalysis::discardedAsync(const Expr *E) const {
  const CallExpr *Call = asStdAsyncCall(E);
  if (!Call)
    return std::nullopt;
  BlockingSite Site;
  Site.K = BlockingSite::Kind::DiscardedAsyncFuture;
  Site.Call = Call;
  Site.Name = "std::async";
  Site.Category = "wait";
  Site.Fix = FixKind::None;
  Site.Note = "the std::future it returns is destroyed at the end of the statement, "
              "which waits for the task to finish";
  return Site;
}

const FunctionDecl *BlockingAnalysis::followable(const FunctionDecl *FD) const {
  const FunctionDecl *Def = nullptr;
  if (!FD || !FD->hasBody(Def) || !Def || Def->isDependentContext())
    return nullptr;
  if (isa<CoroutineBodyStmt>(Def->getBody()))
    return nullptr; // Its body runs when awaited and is checked on its own.
  if (Ctx.getSourceManager().isInSystemHeader(Def->getLocation()))
    return nullptr; // The catalogue describes the library's surface.
  if (isLibraryCode(Def))
    return nullptr; // A framework's internals: its surface is the catalogue's and the profile's.
  if (isDeclaredNonBlocking(FD) || isDeclaredNonBlocking(Def))
    return nullptr;
  return Def;
}

namespace {
class SummaryCollector : public FrameCodeListener {
public:
  SummaryCollector(const BlockingAnalysis &Analysis, const Stmt *Body)
      : Analysis(Analysis), Body(Body) {}

  std::optional<BlockingSite> Direct;
  std::vector<std::pair<const Expr *, const FunctionDecl *>> Calls;
  std::vector<std::pair<const Expr *, const FunctionDecl *>> External;
  std::function<const FunctionDecl *(const FunctionDecl *)> Followable;

  void onCall(const Expr *Call, const FunctionDecl *Callee, const WalkState &) override {
    if (Direct)
      return;
    if (auto Site = Analysis.directlyBlockingCall(Call, Callee)) {
      Direct = std::move(Site);
      return;
    }
    if (const FunctionDecl *Def = Followable(Callee))
      Calls.emplace_back(Call, Def);
    else if (!Callee->hasBody() && Analysis.isProjectFunction(Callee))
      External.emplace_back(Call, Callee);
  }
  void onDiscardedValue(const Expr *E, const WalkState &) override {
    if (!Direct)
      Direct = Analysis.discardedAsync(E);
  }
  void onLocalVariable(const VarDecl *Var, SourceLocation ScopeEnd, const WalkState &) override {
    if (!Direct)
      Direct = Analysis.joiningLocal(Var, ScopeEnd, Body);
  }

private:
  const BlockingAnalysis &Analysis;
  const Stmt *Body;
};
} // namespace

BlockingAnalysis::Node &BlockingAnalysis::scan(const FunctionDecl *Def) {
  Node &N = Nodes[Def];
  if (N.Scanned)
    return N;
  N.Scanned = true;
  SummaryCollector Collector(*this, Def->getBody());
  Collector.Followable = [this](const FunctionDecl *FD) { return followable(FD); };
  FrameCodeWalker Walker(Collector);
  Walker.walkFunction(Def);
  N.Direct = std::move(Collector.Direct);
  N.Calls = std::move(Collector.Calls);
  N.External = std::move(Collector.External);
  if (N.Direct) {
    FunctionSummary S;
    S.Via = N.Direct->Call;
    S.Direct = N.Direct;
    S.Depth = 1;
    N.Summary = std::move(S);
  }
  return N;
}

bool BlockingAnalysis::isLibraryCode(const FunctionDecl *FD) const {
  return isInConcurRuntime(FD) || (Cfg.Profiles && Cfg.Profiles->isLibraryCode(FD));
}

bool BlockingAnalysis::isProjectFunction(const FunctionDecl *FD) const {
  if (!FD || FD->isImplicit() || FD->getBuiltinID())
    return false;
  const SourceManager &SM = Ctx.getSourceManager();
  if (SM.isInSystemHeader(FD->getLocation()) || isLibraryCode(FD))
    return false;
  return !isDeclaredNonBlocking(FD);
}

std::optional<IndexedChain> BlockingAnalysis::remoteChain(const FunctionDecl *FD) {
  std::string USR = projectUSR(FD);
  if (USR.empty())
    return std::nullopt;
  std::optional<IndexedChain> Chain;
  if (Cfg.Index)
    Chain = Cfg.Index->blockingChain(USR);
  Lookups.Blocks[USR] = Chain.has_value();
  return Chain;
}

void BlockingAnalysis::appendRemote(BlockingChain &Chain, const IndexedChain &Remote) {
  for (const IndexedStep &Step : Remote.Steps)
    Chain.Steps.push_back(
        {Step.Function, locationIn(Ctx.getSourceManager(), Step.At), Step.CalleeName});
  Chain.LastFunction = Remote.LastFunction;
  BlockingSite &Final = Chain.Final;
  Final = BlockingSite();
  Final.Name = Remote.Final.Name;
  Final.Category = Remote.Final.Category;
  Final.Cert = parseCertainty(Remote.Final.Certainty).value_or(Certainty::Likely);
  Final.Remote = locationIn(Ctx.getSourceManager(), Remote.Final.At);
}

std::vector<std::pair<const Expr *, const FunctionDecl *>>
BlockingAnalysis::userCalls(const FunctionDecl *Def) {
  Node &N = scan(Def);
  std::vector<std::pair<const Expr *, const FunctionDecl *>> Calls = N.Calls;
  Calls.insert(Calls.end(), N.External.begin(), N.External.end());
  return Calls;
}

std::optional<BlockingSite> BlockingAnalysis::directSite(const FunctionDecl *Def) {
  return scan(Def).Direct;
}

void BlockingAnalysis::solveFrom(const FunctionDecl *Root) {
  if (Solved.count(Root))
    return;
  // Everything reachable from the root, scanned once each.
  std::vector<const FunctionDecl *> Reachable = reachableFunctions(
      Root,
      [this](const FunctionDecl *F, auto Push) {
        for (const auto &[Call, Callee] : scan(F).Calls)
          Push(Callee);
      },
      [this](const FunctionDecl *F) { return Solved.count(F) != 0; });
  // Calls into other TUs: the index says how deep they block.
  for (const FunctionDecl *F : Reachable) {
    Node &N = Nodes[F];
    if (N.Summary)
      continue;
    for (const auto &[Call, Callee] : N.External) {
      std::optional<IndexedChain> Remote = remoteChain(Callee);
      if (!Remote || (N.Summary && N.Summary->Depth <= Remote->depth() + 1))
        continue;
      FunctionSummary S;
      S.Via = Call;
      S.RemoteCallee = Callee;
      S.Depth = Remote->depth() + 1;
      N.Summary = std::move(S);
    }
  }
  // Shortest chains: relax depths until nothing changes (Bellman-Ford over
  // a graph whose edges all weigh one).
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (const FunctionDecl *F : Reachable) {
      if (Solved.count(F))
        continue;
      Node &N = Nodes[F];
      for (const auto &[Call, Callee] : N.Calls) {
        const Node &C = Nodes[Callee];
        if (!C.Summary)
          continue;
        unsigned Depth = C.Summary->Depth + 1;
        if (N.Summary && N.Summary->Depth <= Depth)
          continue;
        FunctionSummary S;
        S.Via = Call;
        S.Callee = Callee;
        S.Depth = Depth;
        N.Summary = std::move(S);
        Changed = true;
      }
    }
  }
  for (const FunctionDecl *F : Reachable)
    Solved[F] = true;
}

std::optional<BlockingChain> BlockingAnalysis::blockingChain(const FunctionDecl *Callee) {
  if (Cfg.MaxCallDepth == 0)
    return std::nullopt;
  const FunctionDecl *Def = followable(Callee);
  if (!Def) {
    // Defined in another TU: the project index knows, if anything does.
    if (!Callee || Callee->hasBody() || !isProjectFunction(Callee))
      return std::nullopt;
    std::optional<IndexedChain> Remote = remoteChain(Callee);
    if (!Remote || Remote->depth() > Cfg.MaxCallDepth)
      return std::nullopt;
    BlockingChain Chain;
    appendRemote(Chain, *Remote);
    return Chain;
  }
  solveFrom(Def);
  const Node &Start = Nodes[Def];
  if (!Start.Summary || Start.Summary->Depth > Cfg.MaxCallDepth)
    return std::nullopt;
  BlockingChain Chain;
  for (const FunctionDecl *F = Def;;) {
    const FunctionSummary &S = *Nodes[F].Summary;
    if (S.RemoteCallee) {
      Chain.Steps.push_back(
          ChainStep{displayName(F), S.Via->getExprLoc(), displayName(S.RemoteCallee)});
      appendRemote(Chain, *remoteChain(S.RemoteCallee));
      break;
    }
    if (!S.Callee) {
      Chain.LastFunction = displayName(F);
      Chain.Final = *S.Direct;
      break;
    }
    Chain.Steps.push_back(ChainStep{displayName(F), S.Via->getExprLoc(), displayName(S.Callee)});
    F = S.Callee;
  }
  return Chain;
}

} // namespace clang::tidy::concur
