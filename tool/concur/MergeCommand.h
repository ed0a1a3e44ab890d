//===--- MergeCommand.h - concur --------------------------------*- C++ -*-===//
//
// `concur merge -o out.json a.json b.json ...`: combines the JSON or SARIF
// reports of sharded runs into one report of the same format.
//
//===----------------------------------------------------------------------===//

#ifndef CONCUR_TOOL_MERGECOMMAND_H
#define CONCUR_TOOL_MERGECOMMAND_H

namespace concur::tool {

int runMergeCommand(int argc, const char **argv);

} // namespace concur::tool

#endif
