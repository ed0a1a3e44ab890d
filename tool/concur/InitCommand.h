//===--- InitCommand.h - concur ---------------------------------*- C++ -*-===//
//
// `concur init [dir] [--force]`: writes the .clang-tidy that enables the
// concur checks and the .clangd that lets clangd 19 run them (it skips
// checks it does not know to be fast unless FastCheckFilter says otherwise).
//
//===----------------------------------------------------------------------===//

#ifndef CONCUR_TOOL_INITCOMMAND_H
#define CONCUR_TOOL_INITCOMMAND_H

namespace concur::tool {

int runInitCommand(int argc, const char **argv);

} // namespace concur::tool

#endif
