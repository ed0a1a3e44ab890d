//===--- main.cpp - concur-clangd -----------------------------------------===//
//
// clangd 19 with the concur clang-tidy module linked in. Stock clangd cannot
// load clang-tidy plugins (clangd issue 1458), so the checks come in at link
// time: the concur objects register the module with clang-tidy's registry and
// clangd's own clang-tidy integration runs it like any built-in module.
// Everything else is clangd's unchanged entry point, but for the links of
// concur diagnostics to their pages (DocLinkRelay.h).
//
//===----------------------------------------------------------------------===//

// Debian ships libclangdMain.a but no header for it; this is its declaration
// in clang-tools-extra/clangd/tool/ClangdMain.h (LLVM 19).
namespace clang::clangd {
int clangdMain(int argc, char *argv[]);
} // namespace clang::clangd

#include "DocLinkRelay.h"
#include <cstring>
#include <vector>

extern volatile int ConcurModuleAnchorSource;

namespace {

// clangd looks for clang's builtin headers (stddef.h, ...) in a resource
// directory beside its own binary, <bin>/../lib/clang/19, which only exists for
// a binary installed into LLVM's prefix. Unless the user chose one, use the
// resource directory of the Clang we are built against.
bool hasResourceDirFlag(int argc, char *argv[]) {
  for (int I = 1; I < argc; ++I)
    if (std::strncmp(argv[I], "--resource-dir", 14) == 0 ||
        std::strncmp(argv[I], "-resource-dir", 13) == 0)
      return true;
  return false;
}

} // namespace

int main(int argc, char *argv[]) {
  // Keeps the module's registration even if a linker ever drops unreferenced objects.
  (void)ConcurModuleAnchorSource;
  concur::tool::startDocLinkRelay();
  if (hasResourceDirFlag(argc, argv))
    return clang::clangd::clangdMain(argc, argv);
  static char ResourceDirFlag[] = "--resource-dir=" CONCUR_CLANG_RESOURCE_DIR;
  std::vector<char *> Args(argv, argv + argc);
  Args.insert(Args.begin() + 1, ResourceDirFlag);
  Args.push_back(nullptr);
  return clang::clangd::clangdMain(argc + 1, Args.data());
}
