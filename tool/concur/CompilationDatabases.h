//===--- CompilationDatabases.h - concur ------------------------*- C++ -*-===//
//
// Where compile commands come from: flags after `--`, a build directory's
// compile_commands.json (-p), or one found above the source files.
//
//===----------------------------------------------------------------------===//

#ifndef CONCUR_TOOL_COMPILATIONDATABASES_H
#define CONCUR_TOOL_COMPILATIONDATABASES_H

#include "clang/Tooling/CompilationDatabase.h"
#include "llvm/Support/Error.h"
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace concur::tool {

struct DatabaseRequest {
  std::optional<std::vector<std::string>> FlagsAfterDashDash;
  std::string BuildPath; // -p
  std::vector<std::string> Files;
};

struct LoadedDatabase {
  std::unique_ptr<clang::tooling::CompilationDatabase> Database;
  std::string Origin; // for notes: "compile_commands.json in build/"
  bool IsFallback = false;
};

/// Loads the database, or an error whose message says what to do.
llvm::Expected<LoadedDatabase> loadCompilationDatabase(const DatabaseRequest &Request);

/// The source files of a database (headers left out), sorted.
/// The C and C++ sources a database lists, sorted, once each; entries the
/// analysis cannot parse (assembly, CUDA, resources) go to \p Skipped.
std::vector<std::string> sourceFilesOf(const clang::tooling::CompilationDatabase &Database,
                                       std::vector<std::string> *Skipped = nullptr);
/// "skipped 6 compile_commands.json entries that are not C or C++ (6 .S)".
std::string describeSkipped(const std::vector<std::string> &Skipped);

} // namespace concur::tool

#endif
