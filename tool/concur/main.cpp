//===--- main.cpp - concur ------------------------------------------------===//
//
// `concur <command> ...`: dispatches to the commands. Each command parses its
// own options so `concur check --help` lists only what `check` takes.
//
//===----------------------------------------------------------------------===//

#include "AdviseCommand.h"
#include "CheckCommand.h"
#include "InitCommand.h"
#include "MergeCommand.h"
#include "ToolErrors.h"
#include "Version.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/raw_ostream.h"
#include <cstring>

using namespace concur::tool;

static void printUsage(llvm::raw_ostream &OS) {
  OS << "OVERVIEW: concur - is your C++ code using the concurrency model it chose correctly?\n\n"
        "USAGE: concur <command> [options]\n\n"
        "COMMANDS:\n"
        "  check    run the concur checks on source files and print the findings\n"
        "           concur check [options] <files...> [-- <compiler args>]\n"
        "           concur check -p <build-dir> [files...]\n"
        "  advise   the project report: recommended concurrency model per fan-out site\n"
        "           concur advise -p <build-dir> [--format=markdown|json|html] [-o file]\n"
        "  init     write .clang-tidy and .clangd that enable the checks (concur init [dir])\n"
        "  merge    combine the JSON or SARIF reports of sharded runs\n\n"
        "OPTIONS:\n"
        "  --help          this text; 'concur check --help' for the options of check\n"
        "  --version       print the version\n"
        "  --list-checks   list the checks concur provides\n\n"
        "EXIT CODES: 0 nothing to report, 1 findings, 2 usage or input error\n";
}

int main(int argc, const char **argv) {
  llvm::InitLLVM Init(argc, argv);
  if (argc < 2) {
    printUsage(llvm::errs());
    return usageError("no command given; try 'concur check <file.cpp>' or 'concur --help'");
  }
  const char *Command = argv[1];
  if (!std::strcmp(Command, "--help") || !std::strcmp(Command, "-h") ||
      !std::strcmp(Command, "help")) {
    printUsage(llvm::outs());
    return ExitClean;
  }
  if (!std::strcmp(Command, "--version")) {
    llvm::outs() << "concur " << CONCUR_VERSION << " (LLVM " << LLVM_VERSION_STRING << ")\n";
    return ExitClean;
  }
  if (!std::strcmp(Command, "--list-checks")) {
    const char *Args[] = {"concur check", "--list-checks", "--checks=concur-*"};
    return runCheckCommand(3, Args);
  }
  if (!std::strcmp(Command, "check"))
    return runCheckCommand(argc - 1, argv + 1);
  if (!std::strcmp(Command, "advise"))
    return runAdviseCommand(argc - 1, argv + 1);
  if (!std::strcmp(Command, "init"))
    return runInitCommand(argc - 1, argv + 1);
  if (!std::strcmp(Command, "merge"))
    return runMergeCommand(argc - 1, argv + 1);
  return usageError(llvm::Twine("unknown command '") + Command +
                    "'; the commands are: check, advise, init, merge (see 'concur --help')");
}
