//===--- Findings.h - concur ------------------------------------*- C++ -*-===//
//
// The findings of a run in a form every output shares: clang-tidy's errors
// with offsets turned into lines and columns, paths made absolute, and a
// fingerprint that survives unrelated edits (for baselines).
//
//===----------------------------------------------------------------------===//

#ifndef CONCUR_TOOL_FINDINGS_H
#define CONCUR_TOOL_FINDINGS_H

#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include <string>
#include <vector>

namespace concur::tool {

struct Position {
  std::string File; // absolute
  unsigned Offset = 0;
  unsigned Line = 0;   // 1-based
  unsigned Column = 0; // 1-based, in bytes as clang counts
};

struct Note {
  std::string Message;
  Position Where;
};

struct Replacement {
  Position Start, End; // End is one past the replaced text
  unsigned Length = 0;
  std::string Text;
};

struct Finding {
  std::string Check;
  std::string Severity; // "warning" or "error"
  std::string Message;
  Position Where;
  std::vector<Note> Notes;
  std::vector<Replacement> Fixes;
  std::string Fingerprint;
  size_t ErrorIndex = 0; // into the clang-tidy errors it came from
};

/// Converts clang-tidy's errors (concur checks only) to findings, in the
/// order given.
std::vector<Finding> collectFindings(const std::vector<clang::tidy::ClangTidyError> &Errors);

/// check + file (relative to \p BaseDir) + message + the flagged line with
/// blanks collapsed. No line number: moving code does not change it.
std::string fingerprintOf(const Finding &F, llvm::StringRef BaseDir);

/// The text of the line of \p File that holds \p Offset, without its
/// newline and indentation ("" if the file cannot be read): what reports quote.
std::string lineTextAt(const std::string &File, unsigned Offset);

/// Where the line holding \p Offset starts and ends in \p File (read once per run).
std::pair<size_t, size_t> lineBoundsAt(const std::string &File, unsigned Offset);

/// \p Path as an absolute path without dots, relative paths taken from
/// \p BuildDirectory (the compile command's): how findings name their files.
std::string absolutePath(llvm::StringRef Path, llvm::StringRef BuildDirectory);

/// \p Path relative to \p BaseDir when it lies below it, else unchanged.
std::string relativePath(llvm::StringRef Path, llvm::StringRef BaseDir);

} // namespace concur::tool

#endif
