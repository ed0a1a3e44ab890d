//===--- CheckDocUrls.h - concur --------------------------------*- C++ -*-===//
//
// Where a check's documentation page is, for every front end that links to it:
// SARIF rules' helpUri, the editor's diagnostic link (concur-clangd), the
// advise page. One answer for all of them, in this order:
//   1. $CONCUR_DOCS_URL at run time, or the CONCUR_DOCS_URL CMake option: a base
//      under which <check>.md is the page (a docs site, a repository's
//      docs/checks folder on its forge);
//   2. the pages installed beside the binary (<prefix>/share/doc/concur/checks);
//   3. the pages of the source tree the binary was built from;
// as a file:// URI for 2 and 3. None when no page exists: stock clangd's guess
// (clang.llvm.org/extra/clang-tidy/checks/concur/...) names a page that does
// not exist, so no link is better than that one.
//
//===----------------------------------------------------------------------===//

#ifndef CONCUR_TOOL_COMMON_CHECKDOCURLS_H
#define CONCUR_TOOL_COMMON_CHECKDOCURLS_H

#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>

namespace concur::tool {

/// The page of \p Check ("concur-blocking-call-in-coroutine"), or none when
/// \p Check is not ours or no page can be found.
std::optional<std::string> checkDocUrl(llvm::StringRef Check);

} // namespace concur::tool

#endif
