//===--- StdoutRedirect.h - concur ------------------------------*- C++ -*-===//
//
// clang-tidy's handleErrors prints to stdout and is also what applies fixes.
// With --format=json/sarif stdout must hold only the report, and with
// --output the text goes to a file, so stdout is pointed elsewhere while it
// runs.
//
//===----------------------------------------------------------------------===//

#ifndef CONCUR_TOOL_STDOUTREDIRECT_H
#define CONCUR_TOOL_STDOUTREDIRECT_H

#include "llvm/ADT/StringRef.h"

namespace concur::tool {

class StdoutRedirect {
public:
  /// Sends stdout to \p Path ("/dev/null" to drop it) until destroyed.
  explicit StdoutRedirect(llvm::StringRef Path);
  ~StdoutRedirect();
  StdoutRedirect(const StdoutRedirect &) = delete;
  StdoutRedirect &operator=(const StdoutRedirect &) = delete;
  bool ok() const { return Ok; }

private:
  int Saved = -1;
  bool Ok = false;
};

} // namespace concur::tool

#endif
