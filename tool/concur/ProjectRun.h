//===--- ProjectRun.h - concur ----------------------------------*- C++ -*-===//
//
// `concur check -p` sees the whole project. One pass runs the checks on
// every file as usual and, as a side effect, writes each TU's summary (the
// map step) to the build folder's `.concur/summaries/`. The summaries of
// every file in the compile database are then linked into
// `.concur/index.json` (the reduce step), and the files whose checks asked
// the index a question that the new index answers differently are analysed
// again with it. Every answer a TU used is recorded in its summary, so the
// result is the one a run with the final index gives, whatever the order,
// -j or an earlier index; a warm run whose index is current analyses each
// file once.
//
//===----------------------------------------------------------------------===//

#ifndef CONCUR_TOOL_PROJECTRUN_H
#define CONCUR_TOOL_PROJECTRUN_H

#include "ParallelRun.h"
#include <functional>

namespace concur::tool {

struct ProjectOptions {
  std::string BuildDir;                // where compile_commands.json is: the cache goes below it
  bool UseCache = true;                // false: a scratch folder, removed afterwards (--no-cache)
  std::vector<std::string> AllSources; // every source of the compile database
  std::function<void(const std::string &)> Note; // one line for the user
};

RunResult runProjectChecks(const std::vector<std::string> &Files, const ConfigRequest &Config,
                           const clang::tooling::CompilationDatabase &Database,
                           const RunOptions &Options, const ProjectOptions &Project);

/// \p Config with every check that reads the project index told to write
/// its part of each TU's summary to \p Summaries ("" for none) and to
/// consult \p Index (a path, or "none").
ConfigRequest withProjectIndex(const ConfigRequest &Config, const std::string &Summaries,
                               const std::string &Index);

/// A finding in a header, or reached from several TUs, is reported once:
/// keeps the first of the errors with the same check, place and message.
void dropDuplicateErrors(RunResult &Result);

} // namespace concur::tool

#endif
