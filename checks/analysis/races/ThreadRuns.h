//===--- ThreadRuns.h - concur ----------------------------------*- C++ -*-===//
//
// The threads a translation unit starts, each with what it accesses (in its
// starter's terms) and the window of its starter that runs alongside it:
// from the start to the join that ends it, to the end of the starter if it
// escapes (detached, returned, a pool job), or from the top of a loop that
// starts it again before joining it. Which runs overlap, and which accesses
// of two runs conflict (a write against a read or write of the same memory,
// or of a whole that contains it) is decided here; the race check reports.
//
//===----------------------------------------------------------------------===//

#ifndef CONCUR_CHECKS_ANALYSIS_RACES_THREADRUNS_H
#define CONCUR_CHECKS_ANALYSIS_RACES_THREADRUNS_H

#include "analysis/races/SharedAccesses.h"
#include <vector>

namespace clang::tidy::concur {

/// One thread start, with what the thread accesses in its starter's terms
/// and the part of the starter that runs alongside it.
struct ThreadRun {
  const FunctionDecl *Starter = nullptr;
  const StartFact *Fact = nullptr;
  /// Or, with no start: the public members of a class thread-safe by
  /// contract (SharedAccessAnalysis::isThreadSafeByContract), which any
  /// number of threads may call at once. Accesses are theirs.
  const CXXRecordDecl *Contract = nullptr;
  /// The contract's members that one thread runs, started once: not
  /// alongside themselves.
  llvm::SmallVector<const FunctionDecl *, 2> RunOnce;
  /// The contract's members its threads run, with the handles of those
  /// threads: a member that joins one (`shutdown()` joining `m_thread`) no
  /// longer runs beside it.
  llvm::DenseMap<const FunctionDecl *, std::vector<std::string>> JoinedBy;
  std::vector<Access> Accesses;
  SourceLocation WindowBegin, WindowEnd; // in the starter
  bool Escapes = false;
  bool Repeats = false; // in a loop that does not join it each time
  /// A job of a pool that has one thread (`thread_pool pool(1)`), named by
  /// the variable that holds it: it runs after every other job of that pool
  /// started before it has returned, and never beside one.
  const VarDecl *SerialPool = nullptr;
};

class ThreadRuns {
public:
  explicit ThreadRuns(SharedAccessAnalysis &Analysis);

  /// Every thread started by one of \p Functions, and a contract run for
  /// each class thread-safe by contract whose members they define.
  void collect(const std::vector<const FunctionDecl *> &Functions);
  const std::vector<ThreadRun> &runs() const { return Runs; }
  const std::vector<ThreadRun> &contractRuns() const { return ContractRuns; }

  /// In a contract run: is \p Member's thread joined in \p Other's member
  /// before \p Other happens?
  bool joinedBefore(const ThreadRun &Contract, const Access &Member, const Access &Other) const;
  /// Do two runs overlap in time?
  bool concurrent(const ThreadRun &A, const ThreadRun &B) const;
  /// The starter's accesses inside \p R's window (not the start's own arguments).
  std::vector<Access> starterAccesses(const ThreadRun &R);
  /// A class that runs a member on a thread it started: its owner may call
  /// its other public members at any time (up to where they join the thread).
  std::vector<Access> publicMemberAccesses(const ThreadRun &R);

  /// Source order in the translation unit, through macro expansions.
  bool before(SourceLocation A, SourceLocation B) const;

private:
  bool within(SourceLocation L, SourceLocation Begin, SourceLocation End) const;
  ThreadRun makeRun(const FunctionDecl *Starter, const StartFact &Fact);
  /// Jobs posted from a job of the same pool: a dispatch runs inline (no
  /// run), a post to a one-thread pool after its poster returns.
  void placeOnPools();
  std::optional<AccessPath> poolPath(const ThreadRun &R) const;
  /// The accesses of \p Class's public members other than \p Skip (and
  /// what they call), each up to \p End of its body.
  template <class EndFn>
  std::vector<Access> publicMembers(const CXXRecordDecl *Class,
                                    llvm::ArrayRef<const FunctionDecl *> Skip, EndFn End);

  SharedAccessAnalysis &Analysis;
  const SourceManager &SM;
  std::vector<ThreadRun> Runs;
  std::vector<ThreadRun> ContractRuns;
};

/// Do two accesses touch the same memory, at least one of them writing? A
/// write of a whole object touches every part of it; a read of a container
/// does not read its elements; neither touches what a pointer in it points to.
/// Accesses published to each other through an atomic (orderedThroughAtomics)
/// do not conflict.
bool conflicts(const Access &T, const Access &O);

} // namespace clang::tidy::concur

#endif
