//===--- DocLinkRelay.h - concur-clangd -------------------------*- C++ -*-===//
//
// clangd links each clang-tidy diagnostic to
// clang.llvm.org/extra/clang-tidy/checks/<module>/<check>.html, which has no
// page for concur's checks, and offers no hook to change the link (it is
// computed inside clangd's Diagnostics.cpp). clangd writes its LSP messages to
// stdout, so concur-clangd puts a pipe in front of stdout and a thread that
// forwards every message unchanged except concur diagnostics, whose
// codeDescription.href becomes the check's own page (checkDocUrl), or is
// dropped when there is no page.
//
//===----------------------------------------------------------------------===//

#ifndef CONCUR_TOOL_CONCUR_CLANGD_DOCLINKRELAY_H
#define CONCUR_TOOL_CONCUR_CLANGD_DOCLINKRELAY_H

#include <string>

namespace concur::tool {

/// Starts the relay; call before anything writes to stdout. At exit it flushes
/// what clangd wrote, forwards the rest and gives stdout back. False (and no
/// relay: clangd's own links stay) if the pipe or the thread cannot be made.
bool startDocLinkRelay();

/// One LSP message body with concur diagnostics' links replaced; the body
/// itself when nothing in it is ours. (For the relay and its test.)
std::string relinkMessage(const std::string &Body);

} // namespace concur::tool

#endif
