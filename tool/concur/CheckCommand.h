//===--- CheckCommand.h - concur --------------------------------*- C++ -*-===//
//
// `concur check`: runs the concur checks through the clang-tidy library
// (runClangTidy, .clang-tidy files, NOLINT, --fix, --export-fixes) and maps
// the result to the CLI's exit codes.
//
//===----------------------------------------------------------------------===//

#ifndef CONCUR_TOOL_CHECKCOMMAND_H
#define CONCUR_TOOL_CHECKCOMMAND_H

namespace concur::tool {

/// argv[0] is the command name ("check"); returns the process exit code.
int runCheckCommand(int argc, const char **argv);

} // namespace concur::tool

#endif
