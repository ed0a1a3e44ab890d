//===--- StdoutRedirect.cpp - concur --------------------------------------===//

#include "StdoutRedirect.h"
#include "llvm/Support/raw_ostream.h"
#include <cstdio>
#include <fcntl.h>
#include <string>
#include <unistd.h>

namespace concur::tool {

StdoutRedirect::StdoutRedirect(llvm::StringRef Path) {
  llvm::outs().flush();
  std::fflush(stdout);
  int Fd = ::open(std::string(Path).c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (Fd < 0)
    return;
  Saved = ::dup(STDOUT_FILENO);
  Ok = Saved >= 0 && ::dup2(Fd, STDOUT_FILENO) >= 0;
  ::close(Fd);
}

StdoutRedirect::~StdoutRedirect() {
  llvm::outs().flush();
  std::fflush(stdout);
  if (Saved >= 0) {
    ::dup2(Saved, STDOUT_FILENO);
    ::close(Saved);
  }
}

} // namespace concur::tool
