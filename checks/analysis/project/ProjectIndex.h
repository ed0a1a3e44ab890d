//===--- ProjectIndex.h - concur --------------------------------*- C++ -*-===//
//
// Whole-project facts, map and reduce. The map step writes one summary per
// translation unit (TUSummary: plain JSON, schema-versioned, a pure function
// of the TU): for each function it defines, keyed by USR, the call in it
// that blocks by itself, the calls it makes to other user functions and the
// descriptors it returns; and the fields and globals the TU puts in
// non-blocking mode. The reduce step links every TU's summary into a
// ProjectIndex: fixed points over the whole call graph (recursion included,
// shortest chains first), so a function blocks when its chain reaches a
// blocking call in any file, and a function returns a non-blocking
// descriptor when all it returns is one. The checks then consult the index
// for what the TU cannot see: callees whose bodies are in other TUs, and
// descriptors made non-blocking elsewhere.
//
// The race check adds, per function other TUs can call but not see (defined
// in its main file, not inline), the shared accesses it makes with those of
// the callees its TU can see, in the function's own terms (IndexedAccess);
// a TU that calls it, or starts a thread on it, takes them in instead of a
// body. Callees in a third TU arrive when the caller's TU is analysed again
// with the linked index (a chain through N files takes N rounds).
//
// A TU's summary also records what its checks asked the index and what they
// were told (IndexLookups), so a front end can tell which TUs to analyse
// again when the linked index answers differently. Each check writes its
// own part of a TU's summary (mergeTUSummary joins them).
//
//===----------------------------------------------------------------------===//

#ifndef CONCUR_CHECKS_ANALYSIS_PROJECT_PROJECTINDEX_H
#define CONCUR_CHECKS_ANALYSIS_PROJECT_PROJECTINDEX_H

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Error.h"
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::concur {

/// The schema of summaries and indexes; a file of another schema is rebuilt.
inline constexpr int ProjectSchemaVersion = 3;

/// A place in a file, by path (absolute), line and column (1-based).
struct FilePosition {
  std::string File;
  unsigned Line = 0, Column = 0;
};

/// The call in a function that blocks by itself.
struct DirectBlock {
  std::string Name;     // what blocks: "read", "std::this_thread::sleep_for"
  std::string Category; // the catalogue's: file, network, sleep, ...
  std::string Certainty;
  FilePosition At;
};

/// A call from one function to another user function.
struct CallEdge {
  std::string CalleeUSR;
  std::string CalleeName;
  FilePosition At;
};

struct FunctionRecord {
  std::string Name; // as users see it: "Store::get"
  FilePosition Defined;
  bool IsCoroutine = false; // its body runs when awaited: calls do not block through it
  std::optional<DirectBlock> Direct;
  std::vector<CallEdge> Calls;
  /// What all its returns name, when it returns a descriptor: fields,
  /// globals (by USR) and functions whose results it returns. Empty if it
  /// returns anything else (a computed value, a parameter).
  std::vector<std::string> Returns;
};

/// A memory location in the terms of the function that reaches it, the same
/// in every TU (races/AccessSummaries.h maps it to and from an AccessPath):
/// a root, "global:<USR>", "this" or "param:<N>" (what the N-th parameter
/// refers or points to), then steps: "field:<USR>", "*" (a dereference),
/// "[]" or "[<N>]" (an element, its index when constant).
struct IndexedPath {
  std::string Root;
  std::vector<std::string> Steps;
  bool operator==(const IndexedPath &O) const { return Root == O.Root && Steps == O.Steps; }
};

struct IndexedLock {
  IndexedPath Mutex;
  bool Shared = false;
};

/// A shared access a function makes, itself or through the callees its TU
/// sees, with the locks it holds (the race check's Access, across TUs).
struct IndexedAccess {
  IndexedPath Path;
  bool Write = false;
  unsigned Form = 0; // AccessForm
  bool PerThreadSlot = false;
  std::vector<IndexedLock> Locks;
  /// Atomics released after it and acquired before it (AtomicOrdering.h).
  std::vector<IndexedPath> ReleasedBy, AcquiredVia;
  std::string Function; // the function whose code it is, as users name it
  FilePosition At;
};

/// What a TU's checks asked the index, by USR, and what it answered.
struct IndexLookups {
  std::map<std::string, bool> Blocks;      // function -> does it block
  std::map<std::string, bool> NonBlocking; // field, global or function -> non-blocking descriptor
  /// function -> digest of the shared accesses it was told ("" for none)
  std::map<std::string, std::string> SharedAccesses;
};

/// What one TU contributes (the map step).
struct TUSummary {
  std::string Source;                              // the main file, absolute
  std::map<std::string, FunctionRecord> Functions; // by USR
  /// Fields and globals the TU makes non-blocking (fcntl, SOCK_NONBLOCK, ...).
  std::vector<std::string> NonBlockingDescriptors;
  /// Functions other TUs cannot see into -> their shared accesses.
  std::map<std::string, std::vector<IndexedAccess>> SharedAccesses;
  IndexLookups Lookups;
};

llvm::Expected<TUSummary> readTUSummary(llvm::StringRef Path);
/// Adds another check's part of the same TU's summary to \p Into.
void mergeTUSummary(TUSummary &Into, TUSummary &&Part);
/// A short string equal for equal lists of accesses ("" for none).
std::string digestOf(const std::vector<IndexedAccess> &Accesses);
llvm::Error writeTUSummary(const TUSummary &S, llvm::StringRef Path);

/// One step of a chain in another file: \p Function calls \p CalleeName at \p At.
struct IndexedStep {
  std::string Function;
  std::string CalleeName;
  FilePosition At;
};

/// How an indexed function blocks: the steps from it down, then the call that blocks.
struct IndexedChain {
  std::vector<IndexedStep> Steps;
  std::string LastFunction;
  DirectBlock Final;
  unsigned depth() const { return Steps.size() + 1; }
};

/// The linked facts (the reduce step): which functions block, and how.
class ProjectIndex {
public:
  /// Links the summaries; a USR defined in several TUs (an inline function
  /// in a header) keeps the facts of the first, in the order given.
  static ProjectIndex link(const std::vector<TUSummary> &Summaries);

  static llvm::Expected<ProjectIndex> read(llvm::StringRef Path);
  llvm::Error write(llvm::StringRef Path) const;

  /// The chain of a function that blocks, or none.
  std::optional<IndexedChain> blockingChain(llvm::StringRef USR) const;
  bool blocks(llvm::StringRef USR) const { return Blocking.count(USR) != 0; }
  /// Is \p USR a field or global some TU makes non-blocking, or a function
  /// that returns only such descriptors?
  bool isNonBlockingDescriptor(llvm::StringRef USR) const { return NonBlocking.count(USR) != 0; }
  /// The shared accesses of a function defined in another TU, or null.
  const std::vector<IndexedAccess> *sharedAccesses(llvm::StringRef USR) const {
    auto It = SharedAccesses.find(USR.str());
    return It == SharedAccesses.end() ? nullptr : &It->second;
  }
  /// Would this index answer any of \p Asked differently?
  bool answersDiffer(const IndexLookups &Asked) const;

private:
  static void linkDescriptors(const std::vector<TUSummary> &Summaries,
                              const std::map<std::string, const FunctionRecord *> &Defs,
                              llvm::StringSet<> &NonBlocking);

  struct Entry {
    std::string Name;
    FilePosition Defined;
    unsigned Depth = 0;
    std::optional<DirectBlock> Direct; // depth 1
    CallEdge Via;                      // depth > 1: the call that leads on
  };
  llvm::StringMap<Entry> Blocking;
  llvm::StringSet<> NonBlocking;
  std::map<std::string, std::vector<IndexedAccess>> SharedAccesses;
};

/// The index a check should consult for \p MainFile: \p Setting is a path,
/// "" or "none" for none, or "auto" for the nearest `.concur/index.json` or
/// `build/.concur/index.json` above the file (where `concur check -p` puts
/// it). Loaded once per process and file version; a missing, corrupt or
/// other-version index is none (the CLI says so; an editor stays quiet).
std::shared_ptr<const ProjectIndex> loadProjectIndex(llvm::StringRef Setting,
                                                     llvm::StringRef MainFile);

} // namespace clang::tidy::concur

#endif
