//===--- SourceLines.h - concur ---------------------------------*- C++ -*-===//
//
// The text of a source line, for reports that quote the code they point at
// (the advise page's evidence). Each file is read once.
//
//===----------------------------------------------------------------------===//

#ifndef CONCUR_TOOL_SOURCELINES_H
#define CONCUR_TOOL_SOURCELINES_H

#include "llvm/Support/MemoryBuffer.h"
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace concur::tool {

class SourceLines {
public:
  /// Line \p Line (1-based) of \p File without its newline and leading
  /// indentation; "" when the file cannot be read or is shorter.
  std::string line(const std::string &File, unsigned Line);

private:
  struct File {
    std::unique_ptr<llvm::MemoryBuffer> Buffer;
    std::vector<llvm::StringRef> Lines;
  };
  std::map<std::string, File> Files;
};

} // namespace concur::tool

#endif
