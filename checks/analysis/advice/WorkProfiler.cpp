//===--- WorkProfiler.cpp - concur ----------------------------------------===//

#include "analysis/advice/WorkProfiler.h"
#include "analysis/ast/FrameCodeWalker.h"
#include "analysis/ast/QualifiedNames.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringSet.h"

namespace clang::tidy::concur {

// clang-tidy's concurrency-mt-unsafe list (POSIX), the functions that keep
// hidden static state.
static const llvm::StringSet<> &mtUnsafeFunctions() {
  static const llvm::StringSet<> Names = {"asctime",        "crypt",
                                          "ctime",          "drand48",
                                          "ecvt",           "encrypt",
                                          "endgrent",       "endpwent",
                                          "fcvt",           "ftw",
                                          "gcvt",           "getdate",
                                          "getenv",         "getgrent",
                                          "getgrgid",       "getgrnam",
                                          "gethostbyaddr",  "gethostbyname",
                                          "gethostent",     "getlogin",
                                          "getnetbyaddr",   "getnetbyname",
                                          "getnetent",      "getopt",
                                          "getprotobyname", "getprotobynumber",
                                          "getprotoent",    "getpwent",
                                          "getpwnam",       "getpwuid",
                                          "getservbyname",  "getservbyport",
                                          "getservent",     "gmtime",
                                          "hcreate",        "hdestroy",
                                          "hsearch",        "inet_ntoa",
                                          "l64a",           "lgamma",
                                          "localeconv",     "localtime",
                                          "lrand48",        "mrand48",
                                          "nftw",           "nl_langinfo",
                                          "ptsname",        "putenv",
                                          "rand",           "readdir",
                                          "setenv",         "setkey",
                                          "strerror",       "strsignal",
                                          "strtok",         "ttyname",
                                          "unsetenv",       "wcstombs",
                                          "wctomb"};
  return Names;
}

bool WorkProfiler::isMtUnsafe(const FunctionDecl *FD) const {
  std::string Name = qualifiedName(FD);
  if (FD->getDeclContext()->getRedeclContext()->isTranslationUnit() &&
      mtUnsafeFunctions().contains(Name))
    return true;
  return matchesAnyName(Name, ExtraMtUnsafe);
}

bool WorkProfiler::isLoopRunner(const FunctionDecl *FD) const {
  if (LoopRunners.empty())
    return false;
  std::string Name = qualifiedName(FD);
  return matchesAnyName(Name, LoopRunners);
}

bool WorkProfiler::isWaived(const Expr *Call, llvm::StringRef Check) {
  return Nolint.suppresses(Call->getExprLoc(), {"concur-concurrency-model", Check});
}

static bool isAsyncCapable(llvm::StringRef Category) {
  return Category == "network" || Category == "sleep";
}

namespace {
class ProfileCollector : public FrameCodeListener {
public:
  ProfileCollector(WorkProfiler &Profiler, BlockingAnalysis &Analysis, WorkProfile &Into)
      : Profiler(Profiler), Analysis(Analysis), Into(Into) {}

  std::vector<const FunctionDecl *> Callees;

  bool isPoolHop(const Expr *Operand) override { return Profiler.isPoolHop(Operand); }

  void onCall(const Expr *Call, const FunctionDecl *Callee, const WalkState &State) override {
    // After `co_await resume_on(pool)` the calls are the pool's work, as the
    // blocking check sees them: the same walk, the same hops.
    if (State.OnPool)
      return;
    if (Profiler.isLoopRunner(Callee)) {
      if (!Into.RunsEventLoop)
        Into.Evidence.emplace_back(Call->getExprLoc(),
                                   "'" + qualifiedName(Callee) + "' here: runs an event loop");
      Into.RunsEventLoop = true;
      return;
    }
    if (std::optional<BlockingSite> Site = Analysis.directlyBlockingCall(Call, Callee)) {
      if (Profiler.isWaived(Call, "concur-blocking-call-in-coroutine"))
        return;
      auto &List = isAsyncCapable(Site->Category) ? Into.AsyncCapableIO : Into.SyncOnlyIO;
      std::string Name = std::string(lastComponent(Site->Name));
      if (llvm::find(List, Name) == List.end()) {
        List.push_back(Name);
        Into.Evidence.emplace_back(Call->getExprLoc(),
                                   "'" + Site->Name + "' here: " + Site->Category + " I/O");
      }
      return;
    }
    if (Profiler.isMtUnsafe(Callee)) {
      if (Profiler.isWaived(Call, "concurrency-mt-unsafe"))
        return;
      std::string Name = Callee->getNameAsString();
      if (llvm::find(Into.MtUnsafe, Name) == Into.MtUnsafe.end()) {
        Into.MtUnsafe.push_back(Name);
        Into.Evidence.emplace_back(Call->getExprLoc(), "'" + Name + "' here: not thread-safe");
      }
      return;
    }
    std::string Name = qualifiedName(Callee);
    if (Name == "std::sort" || Name == "std::accumulate" || Name == "std::transform" ||
        Name == "std::reduce" || Name == "std::inner_product" || Name == "std::for_each")
      Into.ComputeLoops = true;
    Callees.push_back(Callee);
  }

private:
  WorkProfiler &Profiler;
  BlockingAnalysis &Analysis;
  WorkProfile &Into;
};

/// A loop in the frame code (a lambda's loop runs where the lambda is called).
class LoopFinder : public FrameVisitor<LoopFinder> {
public:
  bool Found = false;
  bool VisitForStmt(ForStmt *) { return !(Found = true); }
  bool VisitWhileStmt(WhileStmt *) { return !(Found = true); }
  bool VisitDoStmt(DoStmt *) { return !(Found = true); }
  bool VisitCXXForRangeStmt(CXXForRangeStmt *) { return !(Found = true); }
};
} // namespace

void WorkProfiler::scan(const FunctionDecl *FD, WorkProfile &Into, unsigned Depth,
                        llvm::SmallPtrSetImpl<const FunctionDecl *> &Seen) {
  const FunctionDecl *Def = nullptr;
  if (!FD->hasBody(Def) || !Def || !Seen.insert(Def).second)
    return;
  if (Def->getASTContext().getSourceManager().isInSystemHeader(Def->getLocation()))
    return;
  // Other coroutines the work calls are profiled where they fan out or on their own.
  if (Analysis.isLibraryCode(Def) || (Depth > 0 && isa<CoroutineBodyStmt>(Def->getBody())))
    return;
  ProfileCollector Collector(*this, Analysis, Into);
  FrameCodeWalker Walker(Collector);
  Walker.walkFunction(Def);
  LoopFinder Loops;
  Loops.walkFunction(Def);
  Into.ComputeLoops |= Loops.Found;
  if (Depth < MaxDepth)
    for (const FunctionDecl *Callee : Collector.Callees)
      scan(Callee, Into, Depth + 1, Seen);
}

const WorkProfile &WorkProfiler::profile(const FunctionDecl *Entry) {
  auto It = Cache.find(Entry);
  if (It != Cache.end())
    return It->second;
  WorkProfile P;
  llvm::SmallPtrSet<const FunctionDecl *, 16> Seen;
  scan(Entry, P, 0, Seen);
  return Cache[Entry] = std::move(P);
}

} // namespace clang::tidy::concur
