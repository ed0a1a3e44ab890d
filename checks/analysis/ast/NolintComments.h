//===--- NolintComments.h - concur ------------------------------*- C++ -*-===//
//
// Where the user said "not here" with clang-tidy's NOLINT comments, for
// analyses that use a line as evidence for another diagnostic: a blocking call
// the user NOLINTed for the blocking-call check is no evidence that the
// coroutine around it needs a pool. clang-tidy applies NOLINT only to the
// diagnostic at that line (its NoLintDirectiveHandler takes a whole
// clang::Diagnostic), so this reads the same comments the same way: NOLINT,
// NOLINTNEXTLINE and NOLINTBEGIN/NOLINTEND, each with an optional list of
// check globs, no list meaning every check.
//
//===----------------------------------------------------------------------===//

#ifndef CONCUR_CHECKS_ANALYSIS_AST_NOLINTCOMMENTS_H
#define CONCUR_CHECKS_ANALYSIS_AST_NOLINTCOMMENTS_H

#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringRef.h"
#include <string>
#include <vector>

namespace clang::tidy::concur {

class NolintComments {
public:
  explicit NolintComments(const SourceManager &SM) : SM(SM) {}

  /// Does a NOLINT comment that names one of \p Checks (or no check) cover
  /// the line of \p Loc (its spelling in a file, for macros)?
  bool suppresses(SourceLocation Loc, llvm::ArrayRef<llvm::StringRef> Checks);

private:
  /// One NOLINT comment: the lines it covers and the globs it lists.
  struct Directive {
    unsigned FirstLine, LastLine;
    std::string Globs; // "" when the comment lists no check
  };
  const std::vector<Directive> &directivesOf(FileID File);

  const SourceManager &SM;
  llvm::DenseMap<FileID, std::vector<Directive>> Files;
};

} // namespace clang::tidy::concur

#endif
