//===--- AccessSummaries.h - concur -----------------------------*- C++ -*-===//
//
// Shared accesses across translation units: a function's accesses written
// into its TU's summary in names every TU shares (IndexedAccess: USRs of
// globals and fields, `this`, the N-th parameter), and read back in another
// TU that calls the function, or starts a thread on it, without seeing its
// body. An access whose path, locks or atomics name something the other
// side cannot (a local static, a lambda's capture) is left out: a missed
// race at worst, never a lock forgotten.
//
//===----------------------------------------------------------------------===//

#ifndef CONCUR_CHECKS_ANALYSIS_RACES_ACCESSSUMMARIES_H
#define CONCUR_CHECKS_ANALYSIS_RACES_ACCESSSUMMARIES_H

#include "analysis/project/ProjectIndex.h"
#include "clang/AST/ASTContext.h"
#include "llvm/ADT/StringMap.h"
#include <optional>
#include <vector>

namespace clang::tidy::concur {

struct Access;
struct AccessPath;

/// Can other TUs call \p F without seeing its body (defined in the main
/// file, not inline, externally visible, not a lambda or an instantiation)?
bool isExportedToProject(const FunctionDecl *F, const SourceManager &SM);

/// \p Accesses of \p F (in its own terms) in the index's names.
std::vector<IndexedAccess> summarizeAccesses(const std::vector<Access> &Accesses,
                                             const FunctionDecl *F, const SourceManager &SM);

/// Reads the index's names back as this TU's declarations (the globals and
/// fields it declares, found by USR on first use).
class AccessImporter {
public:
  explicit AccessImporter(ASTContext &Ctx) : Ctx(Ctx) {}
  /// \p A, an access of \p Callee (declared here, defined elsewhere), in
  /// Callee's terms here; none if it names something this TU does not declare.
  std::optional<Access> import(const IndexedAccess &A, const FunctionDecl *Callee);

private:
  std::optional<AccessPath> path(const IndexedPath &P, const FunctionDecl *Callee);
  void indexDeclarations();

  ASTContext &Ctx;
  bool Indexed = false;
  llvm::StringMap<const VarDecl *> Globals;
  llvm::StringMap<const FieldDecl *> Fields;
};

} // namespace clang::tidy::concur

#endif
