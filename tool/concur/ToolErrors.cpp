//===--- ToolErrors.cpp - concur ------------------------------------------===//

#include "ToolErrors.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

namespace concur::tool {

int usageError(const llvm::Twine &What) {
  llvm::errs() << "concur: error: " << What << "\n";
  return ExitUsage;
}

void note(const llvm::Twine &What) { llvm::errs() << "concur: note: " << What << "\n"; }

int writeReport(const std::string &Text, llvm::StringRef Path) {
  if (Path.empty() || Path == "-") {
    llvm::outs() << Text;
    return ExitClean;
  }
  std::error_code EC;
  llvm::raw_fd_ostream OS(Path, EC, llvm::sys::fs::OF_Text);
  if (EC)
    return usageError("cannot write '" + Path + "': " + EC.message());
  OS << Text;
  return ExitClean;
}

} // namespace concur::tool
