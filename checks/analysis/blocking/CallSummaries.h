//===--- CallSummaries.h - concur -------------------------------*- C++ -*-===//
//
// Which functions of a translation unit block, directly or through the
// functions they call. Each function's body is scanned once for its direct
// blocking calls and its calls to other functions defined in the TU; whether
// it blocks is then a fixed point over that call graph (shortest chains
// first), so recursion and mutual recursion are handled and no function is
// analysed once per call site. Calls to user functions whose bodies are in
// other TUs are answered by the project index (project/ProjectIndex.h), and
// every answer is remembered, so a front end can tell when it changed.
//
//===----------------------------------------------------------------------===//

#ifndef CONCUR_CHECKS_ANALYSIS_BLOCKING_CALLSUMMARIES_H
#define CONCUR_CHECKS_ANALYSIS_BLOCKING_CALLSUMMARIES_H

#include "analysis/blocking/BlockingCatalog.h"
#include "analysis/blocking/NonBlockingDescriptors.h"
#include "analysis/project/ProjectIndex.h"
#include "clang/AST/ASTContext.h"
#include "llvm/ADT/DenseMap.h"
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::concur {

/// One place where a thread blocks: a call, or the end of a scope that
/// destroys a std::jthread or an async std::future.
struct BlockingSite {
  enum class Kind { Call, JoiningDestructor, DiscardedAsyncFuture };
  Kind K = Kind::Call;
  const Expr *Call = nullptr;   // Kind::Call and DiscardedAsyncFuture
  const VarDecl *Var = nullptr; // Kind::JoiningDestructor
  SourceLocation ScopeEnd;      // Kind::JoiningDestructor
  std::string Name;             // what blocks, as users know it
  std::string Category;
  Certainty Cert = Certainty::Certain;
  std::string Replacement;
  FixKind Fix = FixKind::Offload;
  std::string Note;
  /// Where it is when it is in another TU (Call is null then).
  SourceLocation Remote;

  SourceLocation location() const;
};

/// How a user-defined function blocks: the call it makes that blocks, and
/// the depth of the chain below it (1 = the call is itself blocking).
struct FunctionSummary {
  const Expr *Via = nullptr;            // the call in this function that leads to blocking
  const FunctionDecl *Callee = nullptr; // the user function it calls, or null if Via is direct
  std::optional<BlockingSite> Direct;   // set when Via itself blocks
  /// Via calls a function of another TU that blocks there (Callee is null).
  const FunctionDecl *RemoteCallee = nullptr;
  unsigned Depth = 0;
};

/// One step down a blocking chain: \p Function calls \p CalleeName at \p Call
/// (in this TU, or in the file of another TU).
struct ChainStep {
  std::string Function;
  SourceLocation Call;
  std::string CalleeName;
};

/// How a call to a user function ends up blocking: the calls between user
/// functions, then the blocking site in the last one.
struct BlockingChain {
  std::vector<ChainStep> Steps;
  std::string LastFunction;
  BlockingSite Final;
};

class FrameworkProfiles;

/// Decides what blocks. Shared by the checks; one instance per TU.
class BlockingAnalysis {
public:
  struct Config {
    std::vector<const BlockingCatalog *> Catalogs; // built-in, then the user's
    std::vector<std::string> NonBlockingFunctions;
    unsigned MaxCallDepth = 8;
    Certainty MinimumCertainty = Certainty::May;
    /// What the rest of the project knows, or null (one TU at a time).
    const ProjectIndex *Index = nullptr;
    /// The frameworks whose own code is not followed (null: concur's only).
    const FrameworkProfiles *Profiles = nullptr;
  };

  BlockingAnalysis(ASTContext &Ctx, Config C) : Ctx(Ctx), Cfg(std::move(C)) {}

  /// Does this call block by itself (catalogue, options, annotations)?
  std::optional<BlockingSite> directlyBlockingCall(const Expr *Call,
                                                   const FunctionDecl *Callee) const;
  /// A local whose destructor blocks (std::jthread, std::future from std::async).
  std::optional<BlockingSite> joiningLocal(const VarDecl *Var, SourceLocation ScopeEnd,
                                           const Stmt *Scope) const;
  /// A discarded `std::async(...)`: its future's destructor waits at once.
  std::optional<BlockingSite> discardedAsync(const Expr *E) const;

  /// Is \p Callee a user function (body in this TU, not a coroutine, not in
  /// a system header) that blocks within MaxCallDepth? The chain runs from
  /// the callee down to the blocking site.
  std::optional<BlockingChain> blockingChain(const FunctionDecl *Callee);

  /// Marked nonblocking by annotation or option: never reported, never followed.
  bool isDeclaredNonBlocking(const FunctionDecl *FD) const;

  /// The calls in \p Def's frame code to user functions (defined here or
  /// not): its edges in the project's call graph. Empty if Def blocks directly.
  std::vector<std::pair<const Expr *, const FunctionDecl *>> userCalls(const FunctionDecl *Def);
  /// The call in \p Def's frame code that blocks by itself, if any.
  std::optional<BlockingSite> directSite(const FunctionDecl *Def);
  /// concur's runtime, or a framework's own code (profiles' namespaces).
  bool isLibraryCode(const FunctionDecl *FD) const;
  /// A function the project may define in another TU: a user function
  /// (not the library's, not concur's, not declared nonblocking).
  bool isProjectFunction(const FunctionDecl *FD) const;
  /// What the project index was asked, and what it answered.
  const IndexLookups &indexLookups() const { return Lookups; }
  /// The TU's non-blocking descriptors (scanned on first use).
  const NonBlockingDescriptors &descriptors() const;

  ASTContext &context() const { return Ctx; }

private:
  struct Node {
    std::vector<std::pair<const Expr *, const FunctionDecl *>> Calls; // to followable functions
    /// To user functions with no body here (candidates for the project index).
    std::vector<std::pair<const Expr *, const FunctionDecl *>> External;
    std::optional<BlockingSite> Direct;
    std::optional<FunctionSummary> Summary; // set once known to block
    bool Scanned = false;
  };
  const FunctionDecl *followable(const FunctionDecl *FD) const;
  /// The non-blocking descriptors of the TU if \p Entry asks about them
  /// (scanned on first use), else null.
  const NonBlockingDescriptors *descriptorsFor(const CatalogEntry &Entry) const;
  Node &scan(const FunctionDecl *Def);
  void solveFrom(const FunctionDecl *Def);
  /// Asks the index about a function of another TU (and remembers the answer).
  std::optional<IndexedChain> remoteChain(const FunctionDecl *FD);
  /// Appends the steps of a chain in another TU to \p Chain.
  void appendRemote(BlockingChain &Chain, const IndexedChain &Remote);

  ASTContext &Ctx;
  Config Cfg;
  mutable std::optional<NonBlockingDescriptors> Descriptors;
  llvm::DenseMap<const FunctionDecl *, Node> Nodes;
  llvm::DenseMap<const FunctionDecl *, bool> Solved;
  mutable IndexLookups Lookups; // filled as questions are asked, also by const look-ups
};

bool hasAnnotation(const Decl *D, llvm::StringRef Annotation);

} // namespace clang::tidy::concur

#endif
