//===--- AdviseCommand.cpp - concur ---------------------------------------===//

#include "AdviseCommand.h"
#include "AdviceReport.h"
#include "CompilationDatabases.h"
#include "ConfigFiles.h"
#include "Findings.h"
#include "ParallelRun.h"
#include "ToolErrors.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"
#include <thread>

namespace concur::tool {

static void printAdviseHelp() {
  llvm::outs() << "USAGE: concur advise [-p <build-dir>] [--format=markdown|json|html] "
                  "[-o <file>] [files...] [-- <compiler args>]\n\n"
                  "Runs every concur check and reports, per fan-out site and coroutine, the\n"
                  "recommended concurrency model with its evidence, beside the blocking calls,\n"
                  "locks across suspension and unguarded shared state found in the same file.\n";
}

int runAdviseCommand(int argc, const char **argv) {
  std::string Format = "markdown", Output;
  DatabaseRequest DB;
  for (int I = 1; I < argc; ++I) {
    llvm::StringRef Arg = argv[I];
    if (Arg == "--") {
      DB.FlagsAfterDashDash = std::vector<std::string>(argv + I + 1, argv + argc);
      break;
    }
    if (Arg == "--help" || Arg == "-h") {
      printAdviseHelp();
      return ExitClean;
    }
    if (Arg == "-p" && I + 1 < argc)
      DB.BuildPath = argv[++I];
    else if (Arg.consume_front("-p="))
      DB.BuildPath = Arg.str();
    else if (Arg.consume_front("--format="))
      Format = Arg.str();
    else if ((Arg == "-o" || Arg == "--output") && I + 1 < argc)
      Output = argv[++I];
    else if (Arg.consume_front("--output="))
      Output = Arg.str();
    else if (Arg.starts_with("-"))
      return usageError("unknown option '" + Arg + "' for advise; see 'concur advise --help'");
    else if (!llvm::sys::fs::exists(Arg))
      return usageError("'" + Arg + "' does not exist; check the path");
    else
      DB.Files.push_back(Arg.str());
  }
  if (Format != "markdown" && Format != "json" && Format != "html")
    return usageError("invalid --format='" + Format + "'; use markdown, json or html");
  if (DB.Files.empty() && DB.BuildPath.empty())
    return usageError("no input files; use -p <build-dir> to advise on every file in its "
                      "compile_commands.json");
  auto Database = loadCompilationDatabase(DB);
  if (!Database)
    return usageError(llvm::toString(Database.takeError()));
  std::vector<std::string> Skipped;
  std::vector<std::string> Inputs =
      DB.Files.empty() ? sourceFilesOf(*Database->Database, &Skipped) : DB.Files;
  if (!Skipped.empty())
    note(describeSkipped(Skipped));
  if (Inputs.empty())
    return usageError("compile_commands.json in '" + DB.BuildPath + "' lists no source files");

  ConfigRequest Config;
  Config.Checks = "-*,concur-*"; // the advisor needs every check, whatever .clang-tidy enables
  Config.CheckOptionOverrides = {{"concur-concurrency-model.AdviseCoroutines", "true"}};
  auto Provider = createOptionsProvider(Config);
  if (!Provider)
    return usageError(llvm::toString(Provider.takeError()));
  if (llvm::Error Err = validateConfiguration(**Provider, Inputs))
    return usageError(llvm::toString(std::move(Err)));

  RunOptions Run;
  Run.Jobs = std::max(1u, std::thread::hardware_concurrency());
  clang::tidy::concur::AdviceCollector Advice;
  RunResult Ran = runChecks(Inputs, Config, *Database->Database, Run);
  if (!Ran.Crashed.empty())
    return usageError("internal error while analysing '" + Ran.Crashed.front() +
                      "'; this is a bug in concur: please report it with that file");
  std::vector<clang::tidy::ClangTidyError> &Errors = Ran.Errors;
  if (!Ran.ConfigProblems.empty())
    return usageError(Ran.ConfigProblems.front() + "; fix the option in .clang-tidy");
  if (Ran.CompileErrors > 0)
    return usageError(
        "'" + Ran.FirstBrokenFile +
        "' does not compile; run concur check on it "
        "to see the errors, or give the right flags with -p <build-dir> or after '--'");

  llvm::SmallString<256> Cwd;
  llvm::sys::fs::current_path(Cwd);
  AdviceReport Report = buildAdviceReport(collectFindings(Errors), Advice.take(), Cwd);
  std::string Text = Format == "markdown" ? renderMarkdown(Report)
                     : Format == "json"   ? renderJson(Report).dump(2) + "\n"
                                          : renderHtml(Report);
  return writeReport(Text, Output);
}

} // namespace concur::tool
