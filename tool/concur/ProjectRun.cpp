//===--- ProjectRun.cpp - concur ------------------------------------------===//

#include "ProjectRun.h"
#include "Findings.h"
#include "FindingsCache.h"
#include "analysis/project/ProjectIndex.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include <map>
#include <set>
#include <tuple>

namespace concur::tool {

using clang::tidy::ClangTidyError;
using clang::tidy::concur::mergeTUSummary;
using clang::tidy::concur::ProjectIndex;
using clang::tidy::concur::readTUSummary;
using clang::tidy::concur::TUSummary;

/// The checks that write summaries and read the index.
static const char *const ProjectChecks[] = {"concur-blocking-call-in-coroutine",
                                            "concur-unguarded-shared-state"};

ConfigRequest withProjectIndex(const ConfigRequest &Config, const std::string &Summaries,
                               const std::string &Index) {
  ConfigRequest Pass = Config;
  for (const char *Check : ProjectChecks) {
    Pass.CheckOptionOverrides.push_back({std::string(Check) + ".SummaryDirectory", Summaries});
    Pass.CheckOptionOverrides.push_back({std::string(Check) + ".ProjectIndex", Index});
  }
  return Pass;
}

/// The summaries of the files of the compile database, by main file.
static std::map<std::string, TUSummary> readSummaries(const std::string &Dir,
                                                      const std::vector<std::string> &Sources,
                                                      const ProjectOptions &Project) {
  llvm::StringSet<> Wanted;
  for (const std::string &Source : Sources)
    Wanted.insert(absolutePath(Source, ""));
  std::map<std::string, TUSummary> Result;
  std::error_code EC;
  for (llvm::sys::fs::directory_iterator It(Dir, EC), End; It != End && !EC; It.increment(EC)) {
    if (llvm::sys::path::extension(It->path()) != ".json")
      continue;
    auto Summary = readTUSummary(It->path());
    if (!Summary) {
      Project.Note(llvm::toString(Summary.takeError()) + "; removing it (it is rebuilt when its "
                                                         "file is analysed)");
      llvm::sys::fs::remove(It->path());
      continue;
    }
    // A file that left the compile database no longer speaks for the project.
    // Each check's part of a TU's summary is a file of its own.
    if (Wanted.contains(Summary->Source)) {
      std::string Source = Summary->Source;
      mergeTUSummary(Result[Source], std::move(*Summary));
    }
  }
  return Result;
}

/// How many times a run re-links and re-analyses the files whose answers moved.
static constexpr unsigned MaxLinkRounds = 3;

RunResult runProjectChecks(const std::vector<std::string> &Files, const ConfigRequest &Config,
                           const clang::tooling::CompilationDatabase &Database,
                           const RunOptions &Options, const ProjectOptions &Project) {
  llvm::SmallString<256> CacheDir;
  bool Scratch = false;
  if (!Project.UseCache)
    Scratch = !llvm::sys::fs::createUniqueDirectory("concur-project", CacheDir);
  if (!Scratch) { // the cache, or no scratch space to be had: the build folder's
    CacheDir = Project.BuildDir;
    llvm::sys::path::append(CacheDir, ".concur");
  }
  std::string Dir = absolutePath(CacheDir, "");
  std::string Summaries = Dir + "/summaries", IndexPath = Dir + "/index.json";
  llvm::sys::fs::create_directories(Summaries);

  std::string Known = "none";
  ProjectIndex KnownIndex; // what the files' checks will be told first
  if (llvm::sys::fs::exists(IndexPath)) {
    if (auto Old = ProjectIndex::read(IndexPath)) {
      Known = IndexPath;
      KnownIndex = std::move(*Old);
    } else {
      Project.Note(llvm::toString(Old.takeError()) + "; rebuilding it");
      llvm::sys::fs::remove(IndexPath);
    }
  }

  // Files whose inputs, command and configuration are as they were, and
  // whose checks the index answers as before, keep their findings.
  std::optional<FindingsCache> Cache;
  if (!Scratch)
    Cache.emplace(Dir + "/findings", Config);
  std::vector<std::string> Keys(Files.size());
  RunResult Result;
  Result.PerFile.resize(Files.size());
  Result.Inputs.resize(Files.size());
  std::vector<size_t> ToRun;
  if (Cache) {
    std::map<std::string, TUSummary> Before = readSummaries(Summaries, Project.AllSources, Project);
    for (size_t I = 0; I < Files.size(); ++I) {
      Keys[I] = Cache->keyOf(Files[I], Database);
      auto Summary = Before.find(absolutePath(Files[I], ""));
      std::string Problem;
      std::optional<std::vector<ClangTidyError>> Hit;
      if (Summary != Before.end() && !KnownIndex.answersDiffer(Summary->second.Lookups))
        Hit = Cache->load(Files[I], Keys[I], Problem);
      if (!Problem.empty())
        Project.Note(Problem);
      if (Hit)
        Result.PerFile[I] = std::move(*Hit);
      else
        ToRun.push_back(I);
    }
    if (ToRun.size() < Files.size())
      Project.Note(std::to_string(Files.size() - ToRun.size()) + " of " +
                   std::to_string(Files.size()) +
                   " files unchanged since the last run: their findings are the cache's "
                   "(--no-cache analyses every file)");
  } else {
    for (size_t I = 0; I < Files.size(); ++I)
      ToRun.push_back(I);
  }

  // Analyses the files \p Which, in place of what Result had for them.
  auto Analyse = [&](const std::vector<size_t> &Which, const std::string &IndexSetting,
                     const RunOptions &With) {
    std::vector<std::string> Names;
    for (size_t I : Which)
      Names.push_back(Files[I]);
    RunResult Ran =
        runChecks(Names, withProjectIndex(Config, Summaries, IndexSetting), Database, With);
    for (size_t K = 0; K < Which.size(); ++K) {
      size_t I = Which[K];
      Result.PerFile[I] = std::move(Ran.PerFile[K]);
      Result.Inputs[I] = std::move(Ran.Inputs[K]);
      bool Crashed = llvm::is_contained(Ran.Crashed, Files[I]);
      bool Broken = llvm::any_of(Result.PerFile[I], [](const ClangTidyError &E) {
        return E.DiagLevel == ClangTidyError::Error &&
               !llvm::StringRef(E.DiagnosticName).starts_with("concur-");
      });
      // What did not compile, or crashed, is analysed again next time.
      if (Cache && !Crashed && !Broken)
        Cache->store(Files[I], Keys[I], Result.Inputs[I], Result.PerFile[I]);
    }
    Result.Crashed.insert(Result.Crashed.end(), Ran.Crashed.begin(), Ran.Crashed.end());
  };
  Analyse(ToRun, Known, Options);
  flattenErrors(Result);

  // Link, then analyse again the files whose checks were told something the
  // linked index denies. A second look can change a file's own facts (a call
  // that blocked only on a descriptor another file makes non-blocking), so
  // link again until no answer changes; the rounds are few because each one
  // re-runs only the files whose answers moved.
  for (unsigned Round = 0;; ++Round) {
    std::map<std::string, TUSummary> All = readSummaries(Summaries, Project.AllSources, Project);
    std::vector<TUSummary> Linked;
    for (auto &[Source, Summary] : All)
      Linked.push_back(Summary);
    ProjectIndex Index = ProjectIndex::link(Linked);
    if (llvm::Error Err = Index.write(IndexPath)) {
      Project.Note(llvm::toString(std::move(Err)) +
                   "; cross-file findings use this run's index only");
      break;
    }
    std::vector<size_t> Again;
    for (size_t I = 0; I < Files.size(); ++I) {
      auto It = All.find(absolutePath(Files[I], ""));
      if (It != All.end() && Index.answersDiffer(It->second.Lookups))
        Again.push_back(I);
    }
    if (Again.empty() || Round == MaxLinkRounds)
      break;
    RunOptions Quiet = Options;
    Quiet.ShowProgress = false;
    Analyse(Again, IndexPath, Quiet);
    flattenErrors(Result);
  }
  if (Scratch)
    llvm::sys::fs::remove_directories(Dir);
  return Result;
}

void dropDuplicateErrors(RunResult &Result) {
  std::set<std::tuple<std::string, std::string, unsigned, std::string>> Seen;
  for (std::vector<ClangTidyError> &File : Result.PerFile)
    llvm::erase_if(File, [&](const ClangTidyError &E) {
      if (!llvm::StringRef(E.DiagnosticName).starts_with("concur-"))
        return false; // compiler errors stay with the file that has them
      return !Seen.insert({E.DiagnosticName, absolutePath(E.Message.FilePath, E.BuildDirectory),
                           E.Message.FileOffset, E.Message.Message})
                  .second;
    });
  flattenErrors(Result);
}

} // namespace concur::tool
