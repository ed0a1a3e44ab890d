//===--- SourceLines.cpp - concur -----------------------------------------===//

#include "SourceLines.h"
#include "llvm/ADT/SmallVector.h"

namespace concur::tool {

std::string SourceLines::line(const std::string &Path, unsigned Line) {
  auto [It, New] = Files.try_emplace(Path);
  File &F = It->second;
  if (New) {
    llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> Buffer =
        llvm::MemoryBuffer::getFile(Path, /*IsText=*/true);
    if (Buffer) {
      F.Buffer = std::move(*Buffer);
      llvm::SmallVector<llvm::StringRef, 0> Lines;
      F.Buffer->getBuffer().split(Lines, '\n');
      F.Lines.assign(Lines.begin(), Lines.end());
    }
  }
  if (Line == 0 || Line > F.Lines.size())
    return "";
  return F.Lines[Line - 1].rtrim("\r").trim().str();
}

} // namespace concur::tool
