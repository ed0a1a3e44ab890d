//===--- AdviseCommand.h - concur -------------------------------*- C++ -*-===//
//
// `concur advise -p build [--format=markdown|json|html] [-o file]`: the
// project-level report of the concurrency-model check, one row per fan-out
// site and coroutine, with what the other checks found beside it.
//
//===----------------------------------------------------------------------===//

#ifndef CONCUR_TOOL_ADVISECOMMAND_H
#define CONCUR_TOOL_ADVISECOMMAND_H

namespace concur::tool {

int runAdviseCommand(int argc, const char **argv);

} // namespace concur::tool

#endif
