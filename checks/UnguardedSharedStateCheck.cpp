//===--- UnguardedSharedStateCheck.cpp - concur ---------------------------===//

#include "UnguardedSharedStateCheck.h"
#include "UnguardedSharedStateFixes.h"
#include "analysis/ast/QualifiedNames.h"
#include "analysis/project/ProjectLocations.h"
#include "analysis/project/ProjectNames.h"
#include "analysis/project/TUSummaryBuilder.h"
#include "analysis/races/ThreadRuns.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/ASTMatchers/ASTMatchFinder.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Preprocessor.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Regex.h"
#include <algorithm>

using namespace clang::ast_matchers;

namespace clang::tidy::concur {

static const char DefaultThreadSafeTypes[] = "concur::thread_pool;concur::guarded;"
                                             "concur::event_loop";

UnguardedSharedStateCheck::UnguardedSharedStateCheck(StringRef Name, ClangTidyContext *Context)
    : ClangTidyCheck(Name, Context), ThreadStartFunctions(Options.get("ThreadStartFunctions", "")),
      LockTypes(Options.get("LockTypes", "")),
      ThreadSafeTypes(Options.get("ThreadSafeTypes", DefaultThreadSafeTypes)),
      GuardedType(Options.get("GuardedType", "concur::guarded")),
      AssumeConcurrentPublicMembers(Options.get("AssumeConcurrentPublicMembers", true)),
      ProjectIndexPath(Options.get("ProjectIndex", "auto")),
      SummaryDirectory(Options.get("SummaryDirectory", "")),
      Framework(Options, [this](const std::string &Problem) { configurationDiag(Problem); }),
      Profiles(Framework.profiles()),
      Inserter(Options.getLocalOrGlobal("IncludeStyle", utils::IncludeSorter::IS_LLVM),
               areDiagsSelfContained()) {
  static const llvm::Regex QualifiedName(
      "^(::)?[A-Za-z_][A-Za-z0-9_]*(::[A-Za-z_][A-Za-z0-9_]*)*$");
  for (auto [Option, Value] :
       {std::pair<const char *, const std::string *>{"ThreadStartFunctions", &ThreadStartFunctions},
        {"LockTypes", &LockTypes},
        {"ThreadSafeTypes", &ThreadSafeTypes}})
    for (const std::string &Item : splitList(*Value))
      if (!QualifiedName.match(Item))
        configurationDiag("invalid entry '%0' in option '%1': expected a qualified name such as "
                          "'ns::Class::method'")
            << Item << Option;
  if (!QualifiedName.match(GuardedType))
    configurationDiag("invalid value '%0' for option 'GuardedType': expected a qualified "
                      "class template name such as 'concur::guarded'")
        << GuardedType;
}

void UnguardedSharedStateCheck::storeOptions(ClangTidyOptions::OptionMap &Opts) {
  Framework.store(Options, Opts);
  Options.store(Opts, "ThreadStartFunctions", ThreadStartFunctions);
  Options.store(Opts, "LockTypes", LockTypes);
  Options.store(Opts, "ThreadSafeTypes", ThreadSafeTypes);
  Options.store(Opts, "GuardedType", GuardedType);
  Options.store(Opts, "AssumeConcurrentPublicMembers", AssumeConcurrentPublicMembers);
  Options.store(Opts, "ProjectIndex", ProjectIndexPath);
  Options.store(Opts, "SummaryDirectory", SummaryDirectory);
  Options.store(Opts, "IncludeStyle", Inserter.getStyle());
}

void UnguardedSharedStateCheck::registerPPCallbacks(const SourceManager &, Preprocessor *PP,
                                                    Preprocessor *) {
  Inserter.registerPreprocessor(PP);
}

void UnguardedSharedStateCheck::registerMatchers(MatchFinder *Finder) {
  Finder->addMatcher(translationUnitDecl().bind("tu"), this);
}

namespace {

/// Every function definition of the TU outside system headers, lambdas
/// and template instantiations included, in source order.
class FunctionCollector : public RecursiveASTVisitor<FunctionCollector> {
public:
  explicit FunctionCollector(const SourceManager &SM) : SM(SM) {}
  std::vector<const FunctionDecl *> Functions;
  bool shouldVisitTemplateInstantiations() const { return true; }
  bool shouldVisitLambdaBody() const { return true; }
  bool VisitFunctionDecl(FunctionDecl *FD) {
    if (FD->doesThisDeclarationHaveABody() && !FD->isDependentContext() &&
        !SM.isInSystemHeader(FD->getLocation()))
      Functions.push_back(FD);
    return true;
  }

private:
  const SourceManager &SM;
};

enum class PairKind { SameThread, OtherThread, Starter, PublicMember, Contract };

} // namespace

class RaceReporter {
public:
  RaceReporter(UnguardedSharedStateCheck &Check, SharedAccessAnalysis &Analysis, ASTContext &Ctx)
      : Check(Check), Analysis(Analysis), Ctx(Ctx), SM(Ctx.getSourceManager()), Runs(Analysis) {}

  /// Compares each thread's accesses with those of everything that runs
  /// alongside it: another run of itself, other threads, its starter, and
  /// (for a class's own thread) the class's public members.
  void run(const std::vector<const FunctionDecl *> &Functions) {
    Runs.collect(Functions);
    const std::vector<ThreadRun> &All = Runs.runs();
    for (size_t I = 0; I < All.size(); ++I) {
      const ThreadRun &R = All[I];
      if (R.Repeats)
        compare(R, R.Accesses, PairKind::SameThread, nullptr);
      for (size_t J = 0; J < All.size(); ++J)
        if (J != I && Runs.concurrent(R, All[J]))
          compare(R, All[J].Accesses, PairKind::OtherThread, &All[J]);
      compare(R, Runs.starterAccesses(R), PairKind::Starter, nullptr);
      if (R.Escapes && Check.AssumeConcurrentPublicMembers)
        compare(R, Runs.publicMemberAccesses(R), PairKind::PublicMember, nullptr);
    }
    // A class thread-safe by contract: its members against each other, and
    // each against itself on another thread.
    for (const ThreadRun &R : Runs.contractRuns())
      compare(R, R.Accesses, PairKind::Contract, nullptr);
  }

private:
  bool before(SourceLocation A, SourceLocation B) const { return Runs.before(A, B); }

  /// Source order for the TU's own accesses, then those of other TUs by
  /// file and offset (locations in files no include ties together have no
  /// order in the TU).
  bool placedBefore(const Access &A, const Access &B) const {
    if (!A.Remote || !B.Remote)
      return A.Remote ? false : B.Remote ? true : before(A.location(), B.location());
    return std::make_pair(A.Remote->At.File, SM.getFileOffset(A.At)) <
           std::make_pair(B.Remote->At.File, SM.getFileOffset(B.At));
  }

  void compare(const ThreadRun &R, std::vector<Access> Others, PairKind Kind,
               const ThreadRun *Other) {
    std::vector<const Access *> Mine;
    for (const Access &A : R.Accesses)
      Mine.push_back(&A);
    std::stable_sort(Mine.begin(), Mine.end(),
                     [&](const Access *A, const Access *B) { return placedBefore(*A, *B); });
    std::stable_sort(Others.begin(), Others.end(),
                     [&](const Access &A, const Access &B) { return placedBefore(A, B); });
    // An access like an earlier one in everything but its line pairs as that
    // one does, and the pair is reported once per function: keep the first,
    // so that n alike accesses cost n, not n * n (a macro that bumps a
    // counter 4000 times took 33 s).
    llvm::StringSet<> Alike;
    llvm::erase_if(Others, [&](const Access &O) { return !Alike.insert(pairingKey(O)).second; });
    // Unlocked writes first, so the message names one where there is one.
    std::stable_partition(Mine.begin(), Mine.end(),
                          [](const Access *A) { return A->Locks.empty(); });
    std::stable_partition(Mine.begin(), Mine.end(), [](const Access *A) { return A->IsWrite; });
    bool BothThreads =
        Kind == PairKind::SameThread || Kind == PairKind::OtherThread || Kind == PairKind::Contract;
    for (const Access *T : Mine)
      for (const Access &O : Others) {
        if (!conflicts(*T, O) || Lockset::protects(T->Locks, O.Locks))
          continue;
        // Between two threads, report at the write, or at the unlocked one:
        // the same pair seen from the other thread does.
        if (BothThreads && ((!T->IsWrite && O.IsWrite) ||
                            (T->IsWrite == O.IsWrite && !T->Locks.empty() && O.Locks.empty())))
          continue;
        if (BothThreads && T->PerThreadSlot && O.PerThreadSlot)
          continue; // Each thread its own element.
        if (Kind == PairKind::Contract && T->PublicMember == O.PublicMember &&
            llvm::is_contained(R.RunOnce, T->PublicMember))
          continue; // One thread runs it.
        if (Kind == PairKind::Contract &&
            (Runs.joinedBefore(R, *T, O) || Runs.joinedBefore(R, O, *T)))
          continue; // After the thread that runs one of them is joined.
        const AccessPath &Shown = O.Path.isPrefixOf(T->Path) ? O.Path : T->Path;
        if (isAnnotatedGuarded(Shown))
          continue;
        // The name the same pair gets when seen from the other access.
        const AccessPath &ShownReverse = T->Path.isPrefixOf(O.Path) ? T->Path : O.Path;
        std::string Key =
            Shown.key() + "|" + pointerKey(T->Function) + "|" + pointerKey(O.Function);
        std::string ReverseKey =
            ShownReverse.key() + "|" + pointerKey(O.Function) + "|" + pointerKey(T->Function);
        // Once per location and pair of functions, and once per access.
        std::string AccessKey = Shown.key() + "@" + SM.getFileLoc(T->location()).printToString(SM);
        if (Reported.contains(Key) || Reported.contains(AccessKey) ||
            (BothThreads && Reported.contains(ReverseKey)))
          continue;
        Reported.insert(Key);
        Reported.insert(AccessKey);
        report(R, *T, O, Shown, Kind, Other);
      }
  }

  /// Memory the code declares guarded with Clang's thread-safety attributes
  /// (GUARDED_BY on the field or variable, PT_GUARDED_BY on the pointer it
  /// is reached through): `clang -Wthread-safety` proves those accesses hold
  /// the lock, with the callers' REQUIRES contracts this check cannot see
  /// across files, so the annotation is taken as the fact.
  static bool isAnnotatedGuarded(const AccessPath &Path) {
    if (const ValueDecl *D = Path.namedDecl(); D && D->hasAttr<GuardedByAttr>())
      return true;
    // A dereference step: is the pointer before it PT_GUARDED_BY?
    for (size_t I = 0; I < Path.Steps.size(); ++I)
      if (Path.Steps[I].K == PathStep::Kind::Deref && I > 0 &&
          Path.Steps[I - 1].K == PathStep::Kind::Field && Path.Steps[I - 1].Field &&
          Path.Steps[I - 1].Field->hasAttr<PtGuardedByAttr>())
        return true;
    return false;
  }

  /// What decides how an access pairs and how the pair is reported, all but its line.
  static std::string pairingKey(const Access &A) {
    return accessSignature(A) + "|" + pointerKey(A.Function) + "|" + pointerKey(A.PublicMember);
  }

  static std::string pointerKey(const void *P) {
    return std::to_string(reinterpret_cast<uintptr_t>(P));
  }

  std::string fileLine(SourceLocation Loc) const {
    PresumedLoc P = SM.getPresumedLoc(SM.getFileLoc(Loc));
    if (P.isInvalid())
      return "<unknown>";
    return llvm::sys::path::filename(P.getFilename()).str() + ":" + std::to_string(P.getLine());
  }

  static const char *verb(const Access &A) { return A.IsWrite ? "written" : "read"; }

  /// A lock held at some access of the same location, to name in the advice.
  std::optional<std::string> guardingLock(const AccessPath &Path, const ThreadRun &R,
                                          const std::vector<const Access *> &Extra) {
    auto Find = [&](const Access &A) -> std::optional<std::string> {
      if (A.Path == Path && !A.Locks.empty())
        return A.Locks.spelling();
      return std::nullopt;
    };
    for (const Access *A : Extra)
      if (auto L = Find(*A))
        return L;
    for (const Access &A : R.Accesses)
      if (auto L = Find(A))
        return L;
    if (R.Starter)
      for (const Access &A : Analysis.accesses(R.Starter))
        if (auto L = Find(A))
          return L;
    return std::nullopt;
  }

  /// Where a member's access happens: `'C::m'`, or `'helper', called from
  /// <Kind>'C::m'` (Kind: "public member function " or nothing).
  static std::string inMember(const Access &A, llvm::StringRef Kind = "") {
    if (A.PublicMember && A.PublicMember != A.Function)
      return "'" + displayName(A.Function) + "', called from " + Kind.str() + "'" +
             displayName(A.PublicMember) + "'";
    return Kind.str() + "'" + displayName(A.Function) + "'";
  }

  void report(const ThreadRun &R, const Access &T, const Access &O, const AccessPath &Path,
              PairKind Kind, const ThreadRun *Other) {
    SourceLocation StartLoc =
        R.Fact ? R.Fact->Start.Call->getBeginLoc() : R.Contract->getLocation();
    SourceLocation TLoc = SM.getFileLoc(T.location());
    SourceLocation OLoc = SM.getFileLoc(O.location());
    // A finding belongs to this TU's code: when the thread's access is in
    // another TU, it is reported at the other access, or at the start.
    SourceLocation WarnAt = TLoc;
    if (T.Remote)
      WarnAt = !O.Remote ? OLoc : StartLoc;
    std::string Name = Path.spelling();
    std::string Mine = T.Locks.empty() ? "without a lock" : "holding " + T.Locks.spelling();
    std::string Theirs;
    if (!O.Locks.empty())
      Theirs = " holding " + O.Locks.spelling();
    else if (!T.Locks.empty())
      Theirs = " without a lock";
    const ValueDecl *Decl = Path.namedDecl();
    std::optional<AtomicFix> Fix;
    if (Decl && Path.Steps.empty() == (Path.Root != nullptr && Decl == Path.Root) &&
        (Path.Steps.empty() || Path.Steps.back().K == PathStep::Kind::Field))
      Fix = atomicFix(Decl);
    // Adjacent bit-fields are one memory location: name the other one.
    std::string OtherName = O.Path.spelling();
    bool Neighbour = T.Path.Steps.size() == O.Path.Steps.size() && OtherName != Name &&
                     llvm::any_of(llvm::zip(T.Path.Steps, O.Path.Steps), [](auto Pair) {
                       const auto &[A, B] = Pair;
                       return A.K == PathStep::Kind::Field && A.Field != B.Field;
                     });
    std::string Also =
        Neighbour ? "'" + OtherName + "', in the same memory location, is" : std::string("it is");
    {
      std::string By =
          R.Fact ? "by the thread started at " + fileLine(StartLoc) : "in " + inMember(T);
      DiagnosticBuilder D = Check.diag(WarnAt, "'%0' is %1 %2 %3; %7 also %4 at %5%6")
                            << Name << verb(T) << By << Mine << verb(O) << fileLine(OLoc) << Theirs
                            << Also;
      if (Fix && FixedDecls.insert(Decl->getCanonicalDecl()).second) {
        for (const FixItHint &Edit : Fix->Edits)
          D << Edit;
        FileID File = SM.getFileID(SM.getFileLoc(Decl->getLocation()));
        if (Fix->NeedsAtomicHeader)
          if (auto Include = Check.Inserter.createIncludeInsertion(File, "<atomic>"))
            D << *Include;
      }
    }
    std::string Where;
    switch (Kind) {
    case PairKind::SameThread:
      Where = " by another run of the same thread";
      break;
    case PairKind::OtherThread:
      Where = " by the thread started at " + fileLine(Other->Fact->Start.Call->getBeginLoc());
      break;
    case PairKind::Starter:
      break;
    case PairKind::PublicMember:
      Where = ", in " + inMember(O, "public member function ") +
              ", which the owner may call while the thread runs";
      break;
    case PairKind::Contract:
      Where = ", in " + inMember(O) +
              (T.PublicMember == O.PublicMember ? std::string(", which two threads may run at once")
                                                : std::string(", which another thread may run "
                                                              "at the same time"));
      break;
    }
    if (T.Remote)
      Check.diag(TLoc, "'%0' is %1 here, in '%2'", DiagnosticIDs::Note)
          << Name << verb(T) << T.Remote->Function;
    if (!T.Remote || OLoc != WarnAt)
      Check.diag(OLoc, "'%0' is also %1 here%2%3", DiagnosticIDs::Note)
          << (Neighbour ? OtherName : Name) << verb(O)
          << (O.Remote ? ", in '" + O.Remote->Function + "'" : std::string()) << Where;
    else if (!Where.empty())
      Check.diag(OLoc, "'%0' is %1 here%2", DiagnosticIDs::Note)
          << (Neighbour ? OtherName : Name) << verb(O) << Where;
    if (Neighbour)
      Check.diag(O.Path.namedDecl() ? O.Path.namedDecl()->getLocation() : OLoc,
                 "'%0' and '%1' are adjacent bit-fields: one memory location, which a write of "
                 "either rewrites whole; hold one lock for both, or end the run with an unnamed "
                 "':0' bit-field between them",
                 DiagnosticIDs::Note)
          << Name << OtherName;
    if (R.Fact) {
      std::string Entry = displayName(R.Fact->Bind.Callee);
      Check.diag(StartLoc, "the thread running %0 is started here%1", DiagnosticIDs::Note)
          << (Entry == "lambda" ? std::string("the lambda") : "'" + Entry + "'")
          << (R.Repeats ? std::string(", in a loop") : std::string());
    } else {
      Check.diag(StartLoc,
                 "'%0' is thread-safe by contract (its framework profile): any number of threads "
                 "may call its public members at once",
                 DiagnosticIDs::Note)
          << R.Contract->getQualifiedNameAsString();
    }
    if (Fix) {
      Check.diag(Decl->getLocation(), "'%0' is declared here; as '%1' every access is atomic",
                 DiagnosticIDs::Note)
          << Decl->getNameAsString() << Fix->AtomicType;
      return;
    }
    if (auto Lock = guardingLock(Path, R, {&O})) {
      Check.diag(T.Remote ? WarnAt : TLoc, "other accesses of '%0' hold %1; hold it here too",
                 DiagnosticIDs::Note)
          << Name << *Lock;
      return;
    }
    if (Neighbour)
      return; // Its note says what to do: one lock for the run, or a field apart.
    if (Decl && !SM.isInSystemHeader(Decl->getLocation()) && !Ctx.getLangOpts().CPlusPlus) {
      Check.diag(Decl->getLocation(),
                 "'%0' is declared here; guard it with a pthread_mutex_t (or mtx_t) that every "
                 "access holds",
                 DiagnosticIDs::Note)
          << Decl->getNameAsString();
    } else if (Decl && !SM.isInSystemHeader(Decl->getLocation())) {
      PrintingPolicy Policy(Ctx.getLangOpts());
      Policy.SuppressScope = false;
      Check.diag(Decl->getLocation(),
                 "'%0' is declared here; '%1<%2>' keeps it with a mutex that every access "
                 "must hold",
                 DiagnosticIDs::Note)
          << Decl->getNameAsString() << Check.GuardedType << Decl->getType().getAsString(Policy);
    }
  }

  std::optional<AtomicFix> atomicFix(const ValueDecl *D) {
    auto It = AtomicFixes.find(D->getCanonicalDecl());
    if (It != AtomicFixes.end())
      return It->second;
    std::optional<AtomicFix> Fix = makeAtomicFix(D, Ctx);
    AtomicFixes[D->getCanonicalDecl()] = Fix;
    return Fix;
  }

  UnguardedSharedStateCheck &Check;
  SharedAccessAnalysis &Analysis;
  ASTContext &Ctx;
  const SourceManager &SM;
  ThreadRuns Runs;
  llvm::StringSet<> Reported;
  llvm::DenseSet<const Decl *> FixedDecls;
  llvm::DenseMap<const Decl *, std::optional<AtomicFix>> AtomicFixes;
};

void UnguardedSharedStateCheck::check(const MatchFinder::MatchResult &Result) {
  ASTContext &Ctx = *Result.Context;
  SharedAccessAnalysis::Config Config;
  Config.LockTypes = splitList(LockTypes);
  Config.ThreadStartFunctions = splitList(ThreadStartFunctions);
  Config.ThreadSafeTypes = splitList(ThreadSafeTypes);
  Config.Profiles = &Profiles;
  const SourceManager &SM = Ctx.getSourceManager();
  OptionalFileEntryRef Main = SM.getFileEntryRefForID(SM.getMainFileID());
  std::shared_ptr<const ProjectIndex> Index =
      Main ? loadProjectIndex(ProjectIndexPath, Main->getName()) : nullptr;
  Config.Index = Index.get();
  SharedAccessAnalysis Analysis(Ctx, std::move(Config));
  FunctionCollector Collector(SM);
  Collector.TraverseAST(Ctx);
  RaceReporter Reporter(*this, Analysis, Ctx);
  Reporter.run(Collector.Functions);
  writeSummary(Analysis, Collector.Functions, Ctx);
}

void UnguardedSharedStateCheck::writeSummary(SharedAccessAnalysis &Analysis,
                                             const std::vector<const FunctionDecl *> &Functions,
                                             ASTContext &Ctx) {
  if (SummaryDirectory.empty())
    return;
  const SourceManager &SM = Ctx.getSourceManager();
  TUSummary Summary;
  Summary.Source = positionOf(SM.getLocForStartOfFile(SM.getMainFileID()), SM).File;
  if (Summary.Source.empty())
    return;
  // What other TUs reach only through the index: the functions they can
  // call and not see.
  for (const FunctionDecl *F : Functions) {
    std::string USR = isExportedToProject(F, SM) ? projectUSR(F) : "";
    if (USR.empty())
      continue;
    if (std::vector<IndexedAccess> Accesses = summarizeAccesses(Analysis.exported(F), F, SM);
        !Accesses.empty())
      Summary.SharedAccesses.emplace(std::move(USR), std::move(Accesses));
  }
  Summary.Lookups = Analysis.indexLookups();
  // As the blocking check's part: a part that cannot be written costs only
  // the project view of this TU.
  llvm::consumeError(
      writeTUSummary(Summary, summaryPathFor(SummaryDirectory, Summary.Source, "races")));
}

} // namespace clang::tidy::concur
