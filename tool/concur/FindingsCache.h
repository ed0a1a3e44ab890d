//===--- FindingsCache.h - concur -------------------------------*- C++ -*-===//
//
// A file's findings, kept in the build folder between `concur check -p` runs
// (`.concur/findings/`, one JSON file per TU) with what they came from: a key
// of the file's compile command, the checks' effective configuration and
// this concur binary; and every file the compiler read for it (its headers
// too), by size and modification time. While all of those are unchanged, and
// the project index answers the file's checks as before (ProjectRun checks
// that against the TU's summary), its findings are the cached ones and the
// file is not analysed again.
//
//===----------------------------------------------------------------------===//

#ifndef CONCUR_TOOL_FINDINGSCACHE_H
#define CONCUR_TOOL_FINDINGSCACHE_H

#include "ConfigFiles.h"
#include "ParallelRun.h"
#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "clang/Tooling/CompilationDatabase.h"
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace concur::tool {

class FindingsCache {
public:
  /// The cache in \p Directory for runs with \p Config.
  FindingsCache(std::string Directory, const ConfigRequest &Config);

  /// Everything \p File's findings depend on but the files it reads.
  std::string keyOf(const std::string &File,
                    const clang::tooling::CompilationDatabase &Database) const;

  /// The findings stored for \p File under \p Key, if every file it read is
  /// as it was. \p Problem says why a stored entry could not be used, when
  /// it is corrupt (the entry is then removed).
  std::optional<std::vector<clang::tidy::ClangTidyError>>
  load(const std::string &File, const std::string &Key, std::string &Problem) const;

  /// Keeps \p Errors for \p File (a failure to write only costs a re-run).
  void store(const std::string &File, const std::string &Key, const std::vector<FileStamp> &Inputs,
             const std::vector<clang::tidy::ClangTidyError> &Errors) const;

private:
  std::string pathFor(const std::string &File) const;
  std::string Directory;
  const ConfigRequest Config;
  std::unique_ptr<clang::tidy::ClangTidyOptionsProvider> Provider; // read once per run
  std::string BinaryStamp;
};

} // namespace concur::tool

#endif
