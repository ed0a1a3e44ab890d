//===--- ToolErrors.h - concur ----------------------------------*- C++ -*-===//
//
// Exit codes and the one-line error format of the CLI (design.md):
// 0 nothing to report, 1 findings at or above the failing level, 2 usage or
// input error with one line saying what is wrong and what to do.
//
//===----------------------------------------------------------------------===//

#ifndef CONCUR_TOOL_TOOLERRORS_H
#define CONCUR_TOOL_TOOLERRORS_H

#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"
#include <string>

namespace concur::tool {

enum ExitCode { ExitClean = 0, ExitFindings = 1, ExitUsage = 2 };

/// Prints "concur: error: <What>" on stderr and returns ExitUsage.
int usageError(const llvm::Twine &What);

/// Prints "concur: note: <What>" on stderr.
void note(const llvm::Twine &What);

/// Writes a report to \p Path, or to stdout when it is empty or "-".
/// Returns ExitClean, or the usage error saying why the file cannot be written.
int writeReport(const std::string &Text, llvm::StringRef Path);

} // namespace concur::tool

#endif
