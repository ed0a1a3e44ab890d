//===--- ToolErrors.cpp - concur ------------------------------------------===//

#include "ToolErrors.h"
#include "llvm/Support/raw_ostream.h"

namespace concur::tool {

int usageError(const llvm::Twine &What) {
  llvm::errs() << "concur: error: " << What << "\n";
  return ExitUsage;
}

void note(const llvm::Twine &What) { llvm::errs() << "concur: note: " << What << "\n"; }

} // namespace concur::tool
