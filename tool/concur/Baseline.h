//===--- Baseline.h - concur ------------------------------------*- C++ -*-===//
//
// Baselines let a team adopt concur on a large code base: record today's
// findings once, then fail CI only on new ones. Findings are matched by
// fingerprint (see Findings.h), counted, so a second copy of an old finding
// on another line is still new.
//
//===----------------------------------------------------------------------===//

#ifndef CONCUR_TOOL_BASELINE_H
#define CONCUR_TOOL_BASELINE_H

#include "Findings.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Error.h"
#include <string>
#include <vector>

namespace concur::tool {

class Baseline {
public:
  /// Reads a baseline written by write(); the error says what is wrong.
  static llvm::Expected<Baseline> read(llvm::StringRef Path);
  /// Writes \p Findings (with their fingerprints) to \p Path.
  static llvm::Error write(llvm::StringRef Path, const std::vector<Finding> &Findings);

  /// True if \p F was already there; each recorded finding excuses one.
  bool consume(const Finding &F);

  /// \p Errors without the findings (of \p Findings, made from them) that
  /// were already there.
  std::vector<clang::tidy::ClangTidyError>
  dropKnown(std::vector<clang::tidy::ClangTidyError> Errors, const std::vector<Finding> &Findings);

private:
  llvm::StringMap<unsigned> Remaining;
};

/// Where fingerprints are made relative to: the baseline file's directory,
/// so a baseline is valid whatever directory CI runs from.
std::string baselineRoot(llvm::StringRef BaselinePath);

} // namespace concur::tool

#endif
