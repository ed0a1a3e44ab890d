//===--- SharedAccesses.h - concur ------------------------------*- C++ -*-===//
//
// What each function of a translation unit reads and writes that another
// thread could reach, with the locks held at each access, and where it
// starts and joins threads. A function's body is walked once
// (AccessWalker.h). Calls into functions defined in the TU are summarised
// compositionally, RacerD-style: a callee's accesses are rewritten in the
// caller's terms (parameters and `this` replaced by what the caller passed,
// the caller's locks added) and the summaries are a fixed point over the
// call graph, so every function is analysed once.
//
//===----------------------------------------------------------------------===//

#ifndef CONCUR_CHECKS_ANALYSIS_RACES_SHAREDACCESSES_H
#define CONCUR_CHECKS_ANALYSIS_RACES_SHAREDACCESSES_H

#include "analysis/locks/LockModel.h"
#include "analysis/locks/Locksets.h"
#include "analysis/profiles/FrameworkProfiles.h"
#include "analysis/project/ProjectIndex.h"
#include "analysis/races/AccessPaths.h"
#include "analysis/races/AccessSummaries.h"
#include "analysis/threads/ThreadStarts.h"
#include "clang/AST/ASTContext.h"
#include "llvm/ADT/DenseMap.h"
#include <memory>
#include <string>
#include <vector>

namespace clang::tidy::concur {

/// How an access touches its location; decides whether std::atomic<T> fits.
enum class AccessForm { Load, Store, IncDec, Compound, Other };

struct Access {
  AccessPath Path;
  bool IsWrite = false;
  AccessForm Form = AccessForm::Other;
  /// The expression accessed, in whatever function it is written in; null
  /// for an access in another TU (Remote), which is at At.
  const Expr *E = nullptr;
  const IndexedAccess *Remote = nullptr;
  SourceLocation At;
  const FunctionDecl *Function = nullptr;
  /// For an access collected for a member run as an entry (a public member;
  /// in a contract class also a member its threads run): that member, which
  /// may reach Function through calls.
  const FunctionDecl *PublicMember = nullptr;
  Lockset Locks;
  /// An element selected by an index that each thread has its own value of.
  bool PerThreadSlot = false;
  /// Where it happens in the function it was collected for: the expression
  /// itself, or the call that leads to it.
  SourceLocation Order;
  /// Atomics its thread release-stores after it, and acquire-loads before it
  /// (AtomicOrdering.h): it happens before an access after an acquire of one
  /// of its ReleasedBy, and after an access before a release of one of its
  /// AcquiredVia, on another thread.
  std::vector<AccessPath> ReleasedBy, AcquiredVia;

  /// Where it is written: the expression here, or the place in another TU.
  SourceLocation location() const { return E ? E->getBeginLoc() : At; }
};

/// A release or acquire of an atomic object, where it happens in its function.
/// An acquire orders only what runs once its value was seen: after the loop
/// that waits for it, or in the branch that tested it (up to ValidEnd).
struct AtomicEvent {
  AccessPath Atomic;
  bool Acquire = false, Release = false;
  SourceLocation Loc, ValidEnd;
};

/// What a callee's parameters and `this` stand for at one call or thread start.
struct Binding {
  const FunctionDecl *Callee = nullptr;
  /// A lambda run in the frame that made it: its `this` is the caller's.
  bool KeepThis = false;
  std::optional<AccessPath> This;
  /// For reference and pointer parameters: the referent or pointee.
  llvm::DenseMap<const ParmVarDecl *, std::optional<AccessPath>> Params;
  /// For a guard passed by reference (`std::unique_lock<std::mutex> &lock`):
  /// the locks the caller's guard holds at the call (none when it holds none).
  /// The callee holds them until it unlocks the guard.
  llvm::DenseMap<const ParmVarDecl *, std::vector<HeldLock>> GuardParams;
};

struct CallFact {
  const Expr *Call = nullptr;
  Binding Bind;
  Lockset Locks;
  /// Made on the running thread's own object (reached through a
  /// thread_local, or in the branch of `if (s_tl_worker == this)`).
  bool OnOwnThread = false;
};

struct StartFact {
  ThreadStart Start;
  Binding Bind;
  /// Names the thread, future or pthread_t the start is kept in ("" if none).
  std::string HandleKey;
  /// The result is discarded at once: a std::async future waits at the end
  /// of the statement; a std::thread temporary must have been detached.
  bool JoinsAtOnce = false;
  bool Escapes = false;
  /// The loops of the starting function around the start, innermost last.
  std::vector<SourceRange> Loops;
};

struct HandleFact {
  std::string HandleKey;
  HandleOperation Op = HandleOperation::Join;
  SourceLocation Loc;
};

struct FunctionFacts {
  std::vector<Access> Own;
  std::vector<CallFact> Calls;
  std::vector<StartFact> Starts;
  std::vector<HandleFact> Handles;
  std::vector<AtomicEvent> Atomics;
  /// Guards it was given by reference that are unlocked whenever it returns
  /// (`lock.unlock()` on every path): the caller no longer holds their
  /// locks. One unlocked on some paths only is taken as still held (a miss
  /// at worst: `if (!wait_for_task(lock)) return;` returns unlocked only
  /// when it fails).
  std::vector<const ParmVarDecl *> UnlocksGuards;
  std::unique_ptr<PathBuilder> Paths; // its final local aliases
};

/// Adds to \p A the atomics released after, and acquired before, \p Order in
/// the function of \p Facts.
void orderThroughAtomics(Access &A, const FunctionFacts &Facts, SourceLocation Order,
                         const SourceManager &SM);
/// Everything about an access but where it is: what it touches and how,
/// under which locks, ordered by which atomics. Equal for accesses that
/// pair with others alike.
std::string accessSignature(const Access &A);
/// Is one access published to the other through an atomic (release before
/// acquire)? Then they do not race, whatever locks they hold.
bool orderedThroughAtomics(const Access &A, const Access &B);

class SharedAccessAnalysis {
public:
  struct Config {
    std::vector<std::string> LockTypes;
    std::vector<std::string> ThreadStartFunctions;
    std::vector<std::string> ThreadSafeTypes;
    /// The frameworks: their thread-safe types, thread starts and async
    /// locks join the options', and their own code is not walked.
    const FrameworkProfiles *Profiles = nullptr;
    /// The linked project: the accesses of functions other TUs define.
    const ProjectIndex *Index = nullptr;
  };
  SharedAccessAnalysis(ASTContext &Ctx, Config C);

  /// The function's own accesses, calls, starts and joins (walked once).
  const FunctionFacts &facts(const FunctionDecl *F);
  /// Its accesses and those of the TU functions it calls, in its terms.
  const std::vector<Access> &accesses(const FunctionDecl *F);
  /// accesses() without what belongs to one invocation (locals, parameters' own storage).
  std::vector<Access> exported(const FunctionDecl *F);

  /// Rewrites a callee's path in the caller's terms (std::nullopt: not reachable from there).
  static std::optional<AccessPath> substitute(const AccessPath &P, const Binding &B,
                                              const PathBuilder *Caller);
  /// Rewrites an access and its locks; adds \p CallerLocks.
  static std::optional<Access> substitute(const Access &A, const Binding &B,
                                          const PathBuilder *Caller, const Lockset &CallerLocks,
                                          SourceLocation Order);

  /// \p A, an access of \p Root taken in Root's own terms (a thread's
  /// starter, a public member), with the locks of the guards Root is given
  /// by reference resolved through its callers walked so far: the locks
  /// every one of their guards holds at the call; with no call in view, the
  /// class's only mutex of the guard's type (`m_lock`), if it has one.
  Access resolveGuardParams(Access A, const FunctionDecl *Root) const;

  /// The calls of \p F (not its starts) in the functions walked so far, with the caller.
  const std::vector<std::pair<const FunctionDecl *, const CallFact *>> &
  callsOf(const FunctionDecl *F) const;
  /// Is \p F called (not started) by a function walked so far?
  bool isCalled(const FunctionDecl *F) const;
  /// Every call of \p F walked so far is made on the running thread's own
  /// object (and there is one): only that thread runs it, whatever its access.
  bool calledOnlyOnOwnThread(const FunctionDecl *F) const;

  /// A definition in the TU that calls can be followed into.
  const FunctionDecl *followable(const FunctionDecl *FD) const;
  /// A function this TU declares and another defines, whose accesses the
  /// project index has: the declaration calls and starts bind to (its
  /// facts are the index's). Null otherwise. The question is remembered
  /// (indexLookups()).
  const FunctionDecl *imported(const FunctionDecl *FD);
  /// What this TU asked the index, and what it was told.
  const IndexLookups &indexLookups() const { return Lookups; }
  /// A class a framework profile calls thread-safe: any number of threads
  /// may call its public members at once, and the code of it that the file
  /// being analysed defines (followable()) must make that safe (RacerD's
  /// @ThreadSafe).
  bool isThreadSafeByContract(const CXXRecordDecl *Class) const;
  /// Calls on objects of this type are synchronised by the type itself
  /// (unless followable() says its member is to be checked here).
  bool isThreadSafeType(QualType T) const;

  const LockModel &locks() const { return LockModelValue; }
  const ThreadStartModel &starts() const { return StartModel; }
  ASTContext &context() const { return Ctx; }

private:
  void solve(const FunctionDecl *Root);
  /// Are calls of \p MD taken as synchronised by its class (the option's
  /// thread-safe types; a profile's, unless the file being analysed defines
  /// the member)? Then they are neither followed nor imported.
  bool trustsMembersOf(const CXXMethodDecl *MD, bool DefinedHere) const;
  /// What the guard \p Guard that \p Root is given holds (resolveGuardParams).
  std::optional<std::vector<HeldLock>> guardParamLocks(const ParmVarDecl *Guard,
                                                       const FunctionDecl *Root, LockMode Mode,
                                                       unsigned Depth) const;

  ASTContext &Ctx;
  Config Cfg;
  std::vector<std::string> ProfileThreadSafeTypes;
  LockModel LockModelValue;
  ThreadStartModel StartModel;
  llvm::DenseMap<const FunctionDecl *, std::unique_ptr<FunctionFacts>> Facts;
  mutable llvm::DenseMap<const FunctionDecl *,
                         std::vector<std::pair<const FunctionDecl *, const CallFact *>>>
      CallIndex;
  mutable size_t CallIndexSize = ~size_t(0);
  llvm::DenseMap<const FunctionDecl *, std::vector<Access>> Full;
  llvm::DenseMap<const FunctionDecl *, bool> Solved;
  /// Functions of other TUs asked about, with their accesses in the index
  /// (null: none there).
  llvm::DenseMap<const FunctionDecl *, const std::vector<IndexedAccess> *> Imported;
  std::unique_ptr<AccessImporter> Importer;
  IndexLookups Lookups;
};

} // namespace clang::tidy::concur

#endif
