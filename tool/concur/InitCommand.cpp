//===--- InitCommand.cpp - concur -----------------------------------------===//

#include "InitCommand.h"
#include "ToolErrors.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include <cstring>
#include <string>

namespace concur::tool {

static const char ClangTidyFile[] =
    R"(# Written by `concur init`: enables the concur checks for clang-tidy,
# concur check and concur-clangd. Add your other checks after concur-*.
Checks: 'concur-*'
CheckOptions: {}
)";

static const char ClangdFile[] =
    R"(# Written by `concur init`: lets clangd (concur-clangd) run the concur checks.
# clangd 19 only runs clang-tidy checks it knows to be fast unless told otherwise.
Diagnostics:
  ClangTidy:
    Add: [concur-*]
    FastCheckFilter: None
)";

int runInitCommand(int argc, const char **argv) {
  std::string Dir = ".";
  bool Force = false;
  for (int I = 1; I < argc; ++I) {
    llvm::StringRef Arg = argv[I];
    if (Arg == "--force")
      Force = true;
    else if (Arg == "--help" || Arg == "-h") {
      llvm::outs() << "USAGE: concur init [dir] [--force]\n\n"
                      "Writes .clang-tidy (enables concur-*) and .clangd (lets clangd run them)\n"
                      "in dir (default: the current directory). Existing files are kept unless\n"
                      "--force is given.\n";
      return ExitClean;
    } else if (Arg.starts_with("-"))
      return usageError("unknown option '" + Arg + "' for init; see 'concur init --help'");
    else
      Dir = Arg.str();
  }
  if (!llvm::sys::fs::is_directory(Dir))
    return usageError("'" + Dir + "' is not a directory; create it or name another one");

  struct File {
    const char *Name;
    const char *Text;
  } Files[] = {{".clang-tidy", ClangTidyFile}, {".clangd", ClangdFile}};
  // Check both first, so nothing is half-written.
  if (!Force)
    for (const File &F : Files) {
      llvm::SmallString<256> Path(Dir);
      llvm::sys::path::append(Path, F.Name);
      if (llvm::sys::fs::exists(Path))
        return usageError("'" + Path +
                          "' exists; add concur-* to it by hand, or pass --force "
                          "to replace it");
    }
  for (const File &F : Files) {
    llvm::SmallString<256> Path(Dir);
    llvm::sys::path::append(Path, F.Name);
    std::error_code EC;
    llvm::raw_fd_ostream OS(Path, EC, llvm::sys::fs::OF_Text);
    if (EC)
      return usageError("cannot write '" + Path + "': " + EC.message());
    OS << F.Text;
    llvm::outs() << "wrote " << Path << "\n";
  }
  return ExitClean;
}

} // namespace concur::tool
