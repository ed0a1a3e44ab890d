//===--- CallSummaries.h - concur -------------------------------*- C++ -*-===//
//
// Which functions of a translation unit block, directly or through the
// functions they call. Each function's body is scanned once for its direct
// blocking calls and its calls to other functions defined in the TU; whether
// it blocks is then a fixed point over that call graph (shortest chains
// first), so recursion and mutual recursion are handled and no function is
// analysed once per call site.
//
//===----------------------------------------------------------------------===//

#ifndef CONCUR_CHECKS_ANALYSIS_BLOCKING_CALLSUMMARIES_H
#define CONCUR_CHECKS_ANALYSIS_BLOCKING_CALLSUMMARIES_H

#include "analysis/blocking/BlockingCatalog.h"
#include "analysis/blocking/NonBlockingDescriptors.h"
#include "clang/AST/ASTContext.h"
#include "llvm/ADT/DenseMap.h"
#include <functional>
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

  SourceLocation location() const;
};

/// How a user-defined function blocks: the call it makes that blocks, and
/// the depth of the chain below it (1 = the call is itself blocking).
struct FunctionSummary {
  const Expr *Via = nullptr;            // the call in this function that leads to blocking
  const FunctionDecl *Callee = nullptr; // the user function it calls, or null if Via is direct
  std::optional<BlockingSite> Direct;   // set when Via itself blocks
  unsigned Depth = 0;
};

/// One step down a blocking chain: \p Function calls \p CalleeName at \p Call.
struct ChainStep {
  const FunctionDecl *Function;
  const Expr *Call;
  std::string CalleeName;
};

/// How a call to a user function ends up blocking: the calls between user
/// functions, then the blocking site in the last one.
struct BlockingChain {
  std::vector<ChainStep> Steps;
  const FunctionDecl *LastFunction = nullptr;
  BlockingSite Final;
};

/// Decides what blocks. Shared by the checks; one instance per TU.
class BlockingAnalysis {
public:
  struct Config {
    std::vector<const BlockingCatalog *> Catalogs; // built-in, then the user's
    std::vector<std::string> NonBlockingFunctions;
    unsigned MaxCallDepth = 8;
    Certainty MinimumCertainty = Certainty::May;
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

  ASTContext &context() const { return Ctx; }

private:
  struct Node {
    std::vector<std::pair<const Expr *, const FunctionDecl *>> Calls; // to followable functions
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

  ASTContext &Ctx;
  Config Cfg;
  mutable std::optional<NonBlockingDescriptors> Descriptors;
  llvm::DenseMap<const FunctionDecl *, Node> Nodes;
  llvm::DenseMap<const FunctionDecl *, bool> Solved;
};

bool hasAnnotation(const Decl *D, llvm::StringRef Annotation);

} // namespace clang::tidy::concur

#endif
