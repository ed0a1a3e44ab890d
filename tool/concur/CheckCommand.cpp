//===--- CheckCommand.cpp - concur ----------------------------------------===//

#include "CheckCommand.h"
#include "Baseline.h"
#include "CompilationDatabases.h"
#include "ConfigFiles.h"
#include "Findings.h"
#include "ParallelRun.h"
#include "ProjectRun.h"
#include "Reports.h"
#include "Shards.h"
#include "StdoutRedirect.h"
#include "ToolErrors.h"
#include "Version.h"
#include "clang-tidy/ClangTidy.h"
#include "clang-tidy/ClangTidyDiagnosticConsumer.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/raw_ostream.h"
#include <chrono>
#include <cstring>
#include <set>
#include <thread>

namespace cl = llvm::cl;
using namespace clang::tidy;

namespace concur::tool {

static cl::OptionCategory CheckCategory("concur check options");

static cl::list<std::string> Files(cl::Positional, cl::desc("<files...>"), cl::cat(CheckCategory));
static cl::opt<std::string> BuildPath("p",
                                      cl::desc("Build directory holding compile_commands.json"),
                                      cl::value_desc("build-dir"), cl::cat(CheckCategory));
static cl::opt<std::string>
    Checks("checks",
           cl::desc("Checks, as a clang-tidy glob added to the configuration's (default "
                    "concur-*); start with -* to choose exactly: -*,concur-lock-across-suspension"),
           cl::cat(CheckCategory));
static cl::opt<std::string> Config("config", cl::desc("Configuration in YAML, as in .clang-tidy"),
                                   cl::cat(CheckCategory));
static cl::opt<std::string> ConfigFile("config-file",
                                       cl::desc("Read the configuration from this file"),
                                       cl::cat(CheckCategory));
static cl::opt<std::string>
    HeaderFilter("header-filter",
                 cl::desc("Also report findings in headers whose path matches this regex"),
                 cl::cat(CheckCategory));
static cl::opt<std::string>
    WarningsAsErrors("warnings-as-errors", cl::desc("Checks whose findings count as errors (glob)"),
                     cl::cat(CheckCategory));
static cl::list<std::string> ExtraArgs("extra-arg", cl::desc("Append this compiler argument"),
                                       cl::cat(CheckCategory));
static cl::list<std::string> ExtraArgsBefore("extra-arg-before",
                                             cl::desc("Prepend this compiler argument"),
                                             cl::cat(CheckCategory));
static cl::opt<bool> Fix("fix", cl::desc("Apply the suggested fixes to the files"),
                         cl::cat(CheckCategory));
static cl::opt<std::string>
    ExportFixes("export-fixes",
                cl::desc("Write the fixes as YAML for clang-apply-replacements to this file"),
                cl::value_desc("file"), cl::cat(CheckCategory));
static cl::opt<std::string>
    FailOn("fail-on", cl::desc("Exit with 1 on findings at this level: warning, error or never"),
           cl::init("warning"), cl::cat(CheckCategory));
static cl::opt<bool> ListChecks("list-checks", cl::desc("List the enabled checks and exit"),
                                cl::cat(CheckCategory));
static cl::opt<bool> DumpConfig("dump-config",
                                cl::desc("Print the effective configuration and exit"),
                                cl::cat(CheckCategory));
static cl::opt<std::string> Format("format", cl::desc("Output format: text, json or sarif"),
                                   cl::init("text"), cl::cat(CheckCategory));
static cl::opt<std::string> Output("output", cl::desc("Write the report to this file"),
                                   cl::value_desc("file"), cl::cat(CheckCategory));
static cl::alias OutputShort("o", cl::desc("Alias for --output"), cl::aliasopt(Output));
static cl::opt<std::string>
    BaselineFile("baseline", cl::desc("Report only findings not recorded in this baseline"),
                 cl::value_desc("file"), cl::cat(CheckCategory));
static cl::opt<std::string>
    WriteBaseline("write-baseline", cl::desc("Record today's findings in this baseline and exit 0"),
                  cl::value_desc("file"), cl::cat(CheckCategory));
// cl::Prefix: `-j2` as well as `-j 2`, as make and ninja take it.
static cl::opt<unsigned> Jobs("j",
                              cl::desc("Analyse this many files in parallel (default: all cores)"),
                              cl::init(0), cl::Prefix, cl::cat(CheckCategory));
static cl::opt<std::string>
    Shard("shard", cl::desc("Analyse only the K-th of N stable parts of the files, as K/N"),
          cl::value_desc("K/N"), cl::cat(CheckCategory));
static cl::opt<bool>
    SingleTU("single-tu",
             cl::desc("Analyse each file on its own: no summaries, no findings that cross files"),
             cl::cat(CheckCategory));
static cl::opt<bool>
    NoCache("no-cache",
            cl::desc("Keep the project's summaries and index in a scratch folder, not in the "
                     "build folder's .concur/"),
            cl::cat(CheckCategory));
static cl::opt<bool>
    Quiet("quiet", cl::desc("Print the findings only: no summary line, no notes of concur's own"),
          cl::cat(CheckCategory));

// Printed at the end of `concur check --help`.
static cl::extrahelp CheckHelpFooter(
    "\nEXAMPLES:\n"
    "  concur check -p build                  every file in build/compile_commands.json\n"
    "  concur check src/a.cpp -- -std=c++20   one file with explicit flags\n"
    "  concur check --fix -p build src/a.cpp  apply the fix-its\n"
    "\nCOLOUR: --color=auto (on a terminal only, the default), --color=always, --color=never\n"
    "\nEXIT CODES: 0 nothing to report, 1 findings at or above --fail-on, "
    "2 usage or input error\n");

/// Takes --color=auto|always|never out of argv: LLVM owns an option of that
/// name (a boolean) that the parser would read instead. Returns the choice
/// (none: auto), or sets \p Bad to the value it does not know.
static std::optional<bool> takeColorChoice(int &argc, const char **argv, std::string &Bad) {
  std::optional<bool> Choice;
  int Out = 1;
  for (int I = 1; I < argc; ++I) {
    llvm::StringRef Arg = argv[I];
    if (Arg.consume_front("--color") || Arg.consume_front("-color")) {
      if (Arg.empty() || Arg == "=always" || Arg == "=true") {
        Choice = true;
        continue;
      }
      if (Arg == "=never" || Arg == "=false") {
        Choice = false;
        continue;
      }
      if (Arg == "=auto") {
        Choice.reset();
        continue;
      }
      if (Arg.starts_with("=")) {
        Bad = Arg.drop_front().str();
        continue;
      }
    }
    argv[Out++] = argv[I];
  }
  argc = Out;
  return Choice;
}

/// Splits argv at "--": what follows are compiler flags.
static std::optional<std::vector<std::string>> splitAtDashDash(int &argc, const char **argv) {
  for (int I = 1; I < argc; ++I) {
    if (std::strcmp(argv[I], "--") == 0) {
      std::vector<std::string> Flags(argv + I + 1, argv + argc);
      argc = I;
      return Flags;
    }
  }
  return std::nullopt;
}

static std::vector<Finding> fingerprintedFindings(const std::vector<ClangTidyError> &Errors,
                                                  llvm::StringRef Root) {
  std::vector<Finding> Findings = collectFindings(Errors);
  for (Finding &F : Findings)
    F.Fingerprint = fingerprintOf(F, Root);
  return Findings;
}

/// \p Errors with only the edits that lie on the line of their diagnostic.
static std::vector<ClangTidyError> editsOnTheirLines(std::vector<ClangTidyError> Errors) {
  for (ClangTidyError &E : Errors) {
    // Paths as the compile database gives them: relative to its directory.
    std::string File = absolutePath(E.Message.FilePath, E.BuildDirectory);
    auto [Start, End] = lineBoundsAt(File, E.Message.FileOffset);
    for (auto &FileFix : E.Message.Fix) {
      bool SameFile = absolutePath(FileFix.getKey(), E.BuildDirectory) == File;
      clang::tooling::Replacements Kept;
      for (const clang::tooling::Replacement &R : FileFix.getValue())
        if (SameFile && End > 0 && R.getOffset() >= Start && R.getOffset() <= End)
          llvm::consumeError(Kept.add(R));
      FileFix.getValue() = std::move(Kept);
    }
  }
  return Errors;
}

/// The findings with each edit once: every fix carries the include it needs
/// (so that one fix alone compiles), but applied together the same
/// insertion would be made once per fix.
static std::vector<ClangTidyError> editsOnce(std::vector<ClangTidyError> Errors) {
  std::set<std::tuple<std::string, unsigned, unsigned, std::string>> Seen;
  for (ClangTidyError &E : Errors)
    for (auto &FileFix : E.Message.Fix) {
      std::string File = absolutePath(FileFix.getKey(), E.BuildDirectory);
      clang::tooling::Replacements Kept;
      for (const clang::tooling::Replacement &R : FileFix.getValue())
        if (Seen.insert({File, R.getOffset(), R.getLength(), R.getReplacementText().str()}).second)
          llvm::consumeError(Kept.add(R));
      FileFix.getValue() = std::move(Kept);
    }
  return Errors;
}

/// Prints the findings as text (to --output, or nowhere for json/sarif) and
/// applies the fixes: clang-tidy's handleErrors does both.
static int printTextAndFix(const std::vector<ClangTidyError> &Errors, const ConfigRequest &Config,
                           bool ApplyFixes) {
  auto Provider = createOptionsProvider(Config);
  if (!Provider)
    return usageError(llvm::toString(Provider.takeError()));
  ClangTidyContext Context(std::move(*Provider));
  llvm::IntrusiveRefCntPtr<llvm::vfs::OverlayFileSystem> BaseFS(
      new llvm::vfs::OverlayFileSystem(llvm::vfs::getRealFileSystem()));
  std::optional<StdoutRedirect> Redirect;
  if (Format != "text")
    Redirect.emplace("/dev/null"); // The report is the only thing on stdout.
  else if (!Output.empty())
    Redirect.emplace(Output);
  if (Redirect && !Redirect->ok())
    return usageError("cannot write '" + Output + "'; check the directory exists and is writable");
  unsigned WarningsAsErrorsCount = 0;
  // The snippet shows the edits on the finding's own line; an edit elsewhere
  // (the include the fix adds at the top of the file) would stretch the
  // snippet over every line in between and show the wrong line numbers.
  handleErrors(editsOnTheirLines(Errors), Context, FB_NoFix, WarningsAsErrorsCount, BaseFS);
  if (ApplyFixes) {
    StdoutRedirect Quiet("/dev/null"); // printed above; this pass only applies
    ClangTidyContext FixContext(std::move(*createOptionsProvider(Config)));
    handleErrors(editsOnce(Errors), FixContext, FB_Fix, WarningsAsErrorsCount, BaseFS);
  }
  return ExitClean;
}

int runCheckCommand(int argc, const char **argv) {
  const auto Started = std::chrono::steady_clock::now();
  std::optional<std::vector<std::string>> CompilerFlags = splitAtDashDash(argc, argv);
  std::string BadColor;
  std::optional<bool> UseColor = takeColorChoice(argc, argv, BadColor);
  if (!BadColor.empty())
    return usageError("invalid --color='" + BadColor + "'; use auto, always or never");
  cl::HideUnrelatedOptions(CheckCategory);
  cl::AddExtraVersionPrinter(nullptr);
  cl::SetVersionPrinter([](llvm::raw_ostream &OS) {
    OS << "concur " << CONCUR_VERSION << " (LLVM " << LLVM_VERSION_STRING << ")\n";
  });
  cl::extrahelp Footer("");
  std::string ParseErrors;
  llvm::raw_string_ostream ParseErrorStream(ParseErrors);
  if (argc >= 2 && (std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-help") == 0)) {
    cl::ParseCommandLineOptions(argc, argv, "concur check: run the concur checks\n");
    return ExitClean; // --help exits inside the parser; kept for clarity
  }
  if (!cl::ParseCommandLineOptions(argc, argv, "concur check: run the concur checks\n",
                                   &ParseErrorStream)) {
    llvm::StringRef First = llvm::StringRef(ParseErrors).split('\n').first.trim();
    First.consume_front("check: ");
    First = First.split("  Try:").first.trim();
    return usageError(First + "; see 'concur check --help'");
  }
  if (FailOn != "warning" && FailOn != "error" && FailOn != "never")
    return usageError("invalid --fail-on='" + FailOn + "'; use warning, error or never");
  if (Format != "text" && Format != "json" && Format != "sarif")
    return usageError("invalid --format='" + Format + "'; use text, json or sarif");
  if (!BaselineFile.empty() && !WriteBaseline.empty())
    return usageError("--baseline and --write-baseline cannot be used together; write the "
                      "baseline once, then check against it");
  std::optional<ShardSpec> ShardSel;
  if (!Shard.empty()) {
    ShardSel = parseShard(Shard);
    if (!ShardSel)
      return usageError("invalid --shard='" + Shard + "'; use K/N with 1 <= K <= N, e.g. 2/4");
  }

  for (const std::string &File : Files) {
    if (!llvm::sys::fs::exists(File))
      return usageError("'" + File + "' does not exist; check the path");
    if (llvm::sys::fs::is_directory(File))
      return usageError("'" + File + "' is a directory; name source files, or use -p <build-dir>");
  }

  ConfigRequest ConfigReq{Checks,
                          Config,
                          ConfigFile,
                          HeaderFilter,
                          WarningsAsErrors,
                          {ExtraArgs.begin(), ExtraArgs.end()},
                          {ExtraArgsBefore.begin(), ExtraArgsBefore.end()},
                          /*CheckOptionOverrides=*/{},
                          /*UseColor=*/std::nullopt};
  ConfigReq.UseColor = UseColor;
  auto Provider = createOptionsProvider(ConfigReq);
  if (!Provider)
    return usageError(llvm::toString(Provider.takeError()));

  if (ListChecks || DumpConfig) {
    std::string Probe = Files.empty() ? "." : Files.front();
    llvm::SmallString<256> Path(Probe);
    llvm::sys::fs::make_absolute(Path);
    if (ListChecks) {
      llvm::outs() << "Enabled checks:\n";
      for (const std::string &Name : enabledChecks(**Provider, Path))
        llvm::outs() << "    " << Name << "\n";
      return ExitClean;
    }
    ClangTidyOptions Effective = (*Provider)->getOptions(Path);
    Effective.CheckOptions = getCheckOptions(Effective, false);
    llvm::outs() << configurationAsText(Effective) << "\n";
    return ExitClean;
  }

  DatabaseRequest DBReq{CompilerFlags, BuildPath, {Files.begin(), Files.end()}};
  if (DBReq.Files.empty() && BuildPath.empty())
    return usageError("no input files; name source files, or use -p <build-dir> to check every "
                      "file in its compile_commands.json");
  auto Database = loadCompilationDatabase(DBReq);
  if (!Database)
    return usageError(llvm::toString(Database.takeError()));
  std::vector<std::string> Inputs = DBReq.Files;
  if (Inputs.empty()) {
    std::vector<std::string> Skipped;
    Inputs = sourceFilesOf(*Database->Database, &Skipped);
    if (!Skipped.empty() && !Quiet)
      note(describeSkipped(Skipped));
  }
  if (Inputs.empty())
    return usageError("compile_commands.json in '" + BuildPath + "' lists no source files");
  // A file deleted since the build was configured would fail deep in the
  // compiler ("'' does not compile").
  if (DBReq.Files.empty())
    for (const std::string &File : Inputs)
      if (!llvm::sys::fs::exists(File))
        return usageError("'" + File +
                          "' is listed in compile_commands.json but does not exist; re-run the "
                          "build's configure step (cmake) to refresh the database");
  if (ShardSel) {
    Inputs = selectShard(Inputs, *ShardSel);
    if (Inputs.empty()) {
      if (!Quiet)
        note("shard " + Shard + " has no files");
      if (Format != "text") { // Still write a report, so merging finds every shard.
        nlohmann::json Report = Format == "json" ? jsonReport({}, ".") : sarifReport({}, {}, ".");
        return writeReport(Report.dump(2) + "\n", Output);
      }
      return ExitClean;
    }
  }
  // The coroutine checks and the advisor are C++ only: say so once, rather
  // than have C files look clean for them.
  size_t CFiles = llvm::count_if(
      Inputs, [](const std::string &F) { return llvm::StringRef(F).ends_with(".c"); });
  if (CFiles > 0 && !Quiet)
    note(llvm::Twine(CFiles) + " C file(s): only concur-unguarded-shared-state applies to C; the "
                               "coroutine checks need C++20 and concur-concurrency-model C++11");
  if (Database->IsFallback && !Quiet)
    note("no compile_commands.json found; analysing with " + Database->Origin +
         ". Pass -p <build-dir> or compiler flags after '--'");

  if (llvm::Error Err = validateConfiguration(**Provider, Inputs))
    return usageError(llvm::toString(std::move(Err)));

  RunOptions Run;
  Run.Jobs = Jobs ? Jobs : std::max(1u, std::thread::hardware_concurrency());
  Run.ShowProgress = !Quiet && llvm::sys::Process::StandardErrIsDisplayed();
  RunResult Ran;
  if (!BuildPath.empty() && !SingleTU) {
    ProjectOptions Project;
    Project.BuildDir = BuildPath;
    if (!llvm::sys::fs::is_directory(Project.BuildDir)) // -p build/compile_commands.json
      Project.BuildDir = llvm::sys::path::parent_path(Project.BuildDir).str();
    Project.UseCache = !NoCache;
    Project.AllSources = sourceFilesOf(*Database->Database);
    Project.Note = [](const std::string &Line) {
      if (!Quiet)
        note(Line);
    };
    Ran = runProjectChecks(Inputs, ConfigReq, *Database->Database, Run, Project);
  } else {
    // One TU at a time means no index, not even one an earlier run left.
    Ran = runChecks(Inputs, withProjectIndex(ConfigReq, "", "none"), *Database->Database, Run);
  }
  dropDuplicateErrors(Ran);
  std::vector<ClangTidyError> Errors = std::move(Ran.Errors);

  // Fingerprints are relative to the baseline's directory, or to the
  // current one, so they do not depend on where the checkout lives.
  std::string BaselinePath = !WriteBaseline.empty() ? WriteBaseline : BaselineFile;
  llvm::SmallString<256> Cwd;
  llvm::sys::fs::current_path(Cwd);
  std::string Root = BaselinePath.empty() ? std::string(Cwd) : baselineRoot(BaselinePath);
  std::vector<Finding> Findings = fingerprintedFindings(Errors, Root);
  if (!BaselineFile.empty()) {
    auto Old = Baseline::read(BaselineFile);
    if (!Old)
      return usageError(llvm::toString(Old.takeError()));
    Errors = Old->dropKnown(std::move(Errors), Findings);
    Findings = fingerprintedFindings(Errors, Root);
  }

  if (!Ran.ConfigProblems.empty())
    return usageError(Ran.ConfigProblems.front() + "; fix the option in .clang-tidy or --config");
  if (!WriteBaseline.empty() && Ran.CompileErrors == 0) {
    if (llvm::Error Err = Baseline::write(WriteBaseline, Findings))
      return usageError(llvm::toString(std::move(Err)));
    if (!Quiet)
      note("recorded " + llvm::Twine(Findings.size()) + " finding(s) in '" + WriteBaseline +
           "'; use --baseline " + WriteBaseline + " to report only new ones");
    return ExitClean;
  }

  // Fixes are not applied to a file that did not parse: its AST, and so the
  // fixes, may be wrong, and the user's code must not be damaged.
  if (int Status = printTextAndFix(Errors, ConfigReq, Fix && Ran.CompileErrors == 0))
    return Status;

  if (Format != "text") {
    std::vector<std::string> Failures;
    for (const std::string &File : Ran.Crashed)
      Failures.push_back("internal error while analysing '" + File + "': no findings for it");
    if (Ran.CompileErrors > 0)
      Failures.push_back("'" + Ran.FirstBrokenFile + "' does not compile (" +
                         std::to_string(Ran.CompileErrors) +
                         " error(s) in all): files that do not compile are not analysed");
    nlohmann::json Report =
        Format == "json"
            ? jsonReport(Findings, Cwd)
            : sarifReport(Findings,
                          enabledChecks(**createOptionsProvider(ConfigReq), Inputs.front()), Cwd,
                          Failures);
    if (int Status = writeReport(Report.dump(2) + "\n", Output))
      return Status;
  }

  if (!ExportFixes.empty()) {
    std::error_code EC;
    llvm::raw_fd_ostream OS(ExportFixes, EC, llvm::sys::fs::OF_None);
    if (EC)
      return usageError("cannot write '" + ExportFixes + "': " + EC.message());
    exportReplacements(Inputs.front(), editsOnce(Errors), OS);
  }

  if (!Ran.Crashed.empty())
    return usageError("internal error while analysing '" + Ran.Crashed.front() + "' (" +
                      llvm::Twine(Ran.Crashed.size()) +
                      " file(s)); the findings above are for the other files. This is a bug in "
                      "concur: please report it with that file");
  if (Ran.CompileErrors > 0) {
    if (Fix)
      note("fixes were not applied because of the compile errors");
    return usageError("'" + Ran.FirstBrokenFile + "' does not compile (" +
                      llvm::Twine(Ran.CompileErrors) +
                      " error(s) above); fix them, or give the right flags with -p <build-dir> "
                      "or after '--'");
  }
  unsigned Errs = llvm::count_if(Findings, [](const Finding &F) { return F.Severity == "error"; });
  if (!Quiet)
    llvm::errs()
        << closingSummary(
               Findings, Inputs.size(), !BaselineFile.empty(),
               std::chrono::duration<double>(std::chrono::steady_clock::now() - Started).count())
        << "\n";
  if (FailOn == "never")
    return ExitClean;
  if (FailOn == "error")
    return Errs > 0 ? ExitFindings : ExitClean;
  return Findings.empty() ? ExitClean : ExitFindings;
}

} // namespace concur::tool
