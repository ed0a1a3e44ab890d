//===--- ConfigFiles.h - concur ---------------------------------*- C++ -*-===//
//
// Options come from clang-tidy's own sources: .clang-tidy files above each
// source file, --config / --config-file, and the command line. Unlike
// clang-tidy, a malformed file or an unknown concur option is an error that
// stops the run: a CI gate must not pass because its configuration was
// silently ignored.
//
//===----------------------------------------------------------------------===//

#ifndef CONCUR_TOOL_CONFIGFILES_H
#define CONCUR_TOOL_CONFIGFILES_H

#include "clang-tidy/ClangTidyOptions.h"
#include "llvm/Support/Error.h"
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace concur::tool {

struct ConfigRequest {
  std::string Checks;       // --checks, empty if not given
  std::string Config;       // --config
  std::string ConfigFile;   // --config-file
  std::string HeaderFilter; // --header-filter
  std::string WarningsAsErrors;
  std::vector<std::string> ExtraArgs, ExtraArgsBefore;
  /// Check options that override every configuration file (for `advise`).
  std::vector<std::pair<std::string, std::string>> CheckOptionOverrides;
  /// --color: always, never, or unset for colour on a terminal only.
  std::optional<bool> UseColor;
};

/// Builds the options provider; the error says what is wrong with --config.
llvm::Expected<std::unique_ptr<clang::tidy::ClangTidyOptionsProvider>>
createOptionsProvider(const ConfigRequest &Request);

/// Reads the options for every file and returns the first problem: a
/// malformed .clang-tidy, an unknown concur check option, or no concur check
/// enabled.
llvm::Error validateConfiguration(clang::tidy::ClangTidyOptionsProvider &Provider,
                                  const std::vector<std::string> &Files);

/// The concur checks enabled for \p File.
std::vector<std::string> enabledChecks(clang::tidy::ClangTidyOptionsProvider &Provider,
                                       llvm::StringRef File);

} // namespace concur::tool

#endif
