//===--- ParallelRun.h - concur ---------------------------------*- C++ -*-===//
//
// Runs the checks on many files with N threads. Each thread has its own
// clang-tidy context (contexts are not thread-safe); results are put back in
// input order so the output does not depend on -j or on scheduling.
//
//===----------------------------------------------------------------------===//

#ifndef CONCUR_TOOL_PARALLELRUN_H
#define CONCUR_TOOL_PARALLELRUN_H

#include "ConfigFiles.h"
#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "clang/Tooling/CompilationDatabase.h"
#include <string>
#include <vector>

namespace concur::tool {

struct RunOptions {
  unsigned Jobs = 1;
  bool ShowProgress = false; // "[done/total] elapsed" on stderr
};

/// A file the compiler read for a TU, as it was then.
struct FileStamp {
  std::string Path; // absolute
  uint64_t Size = 0;
  int64_t ModifiedNs = 0;
  bool operator==(const FileStamp &O) const {
    return Path == O.Path && Size == O.Size && ModifiedNs == O.ModifiedNs;
  }
};

struct RunResult {
  std::vector<clang::tidy::ClangTidyError> Errors;               // in the order of the files
  std::vector<std::vector<clang::tidy::ClangTidyError>> PerFile; // the same, by input file
  std::vector<std::string> Crashed; // files whose analysis crashed (a bug in concur)
  /// Per input file: every file its TU read (the file, its headers), sorted.
  std::vector<std::vector<FileStamp>> Inputs;
  // What makes the input unusable, for the commands' exit code 2.
  unsigned CompileErrors = 0;
  std::string FirstBrokenFile;
  std::vector<std::string> ConfigProblems; // bad option values found by the checks
};

/// Runs the checks on every file (initialising LLVM's targets once per
/// process). A crash while analysing one file is caught
/// and reported for that file; the other files are still analysed.
RunResult runChecks(const std::vector<std::string> &Files, const ConfigRequest &Config,
                    const clang::tooling::CompilationDatabase &Database, const RunOptions &Options);

/// Rebuilds Errors and the input-problem counts from PerFile (after a
/// front end replaced some files' results).
void flattenErrors(RunResult &Result);

} // namespace concur::tool

#endif
