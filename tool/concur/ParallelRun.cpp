//===--- ParallelRun.cpp - concur -----------------------------------------===//

#include "ParallelRun.h"
#include "clang-tidy/ClangTidy.h"
#include "llvm/Support/CrashRecoveryContext.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/VirtualFileSystem.h"
#include "llvm/Support/raw_ostream.h"
#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

namespace concur::tool {

using namespace clang::tidy;

namespace {
/// The file system a TU is compiled on, noting every file it opens: what
/// its findings depend on, for the findings cache.
class ReadRecorder : public llvm::vfs::ProxyFileSystem {
public:
  explicit ReadRecorder(llvm::IntrusiveRefCntPtr<llvm::vfs::FileSystem> FS)
      : ProxyFileSystem(std::move(FS)) {}

  llvm::ErrorOr<std::unique_ptr<llvm::vfs::File>>
  openFileForRead(const llvm::Twine &Path) override {
    auto File = ProxyFileSystem::openFileForRead(Path);
    if (File)
      if (auto Status = (*File)->status()) {
        llvm::SmallString<256> Absolute(Path.str());
        if (!makeAbsolute(Absolute)) // `..` kept: it may follow a symbolic link
          Read.push_back({std::string(Absolute), Status->getSize(),
                          std::chrono::duration_cast<std::chrono::nanoseconds>(
                              Status->getLastModificationTime().time_since_epoch())
                              .count()});
      }
    return File;
  }

  std::vector<FileStamp> takeRead() {
    llvm::sort(Read, [](const FileStamp &A, const FileStamp &B) { return A.Path < B.Path; });
    Read.erase(std::unique(Read.begin(), Read.end()), Read.end());
    return std::move(Read);
  }

private:
  std::vector<FileStamp> Read;
};
} // namespace

RunResult runChecks(const std::vector<std::string> &Files, const ConfigRequest &UserConfig,
                    const clang::tooling::CompilationDatabase &Database,
                    const RunOptions &Options) {
  // Without carets the compiler does not print its own "N warnings
  // generated." after each file: a count that does not match the findings
  // (it counts what filters drop). concur renders findings itself.
  ConfigRequest Config = UserConfig;
  Config.ExtraArgsBefore.push_back("-fno-caret-diagnostics");
  static std::once_flag TargetsReady;
  std::call_once(TargetsReady, [] {
    llvm::InitializeAllTargetInfos();
    llvm::InitializeAllTargetMCs();
    llvm::InitializeAllAsmParsers();
  });
  llvm::CrashRecoveryContext::Enable();
  std::vector<std::vector<ClangTidyError>> PerFile(Files.size());
  std::vector<char> Crashed(Files.size(), 0);
  std::vector<std::vector<FileStamp>> Inputs(Files.size());
  std::atomic<size_t> Next{0}, Done{0};
  std::mutex ProgressMutex;
  auto Start = std::chrono::steady_clock::now();

  auto Worker = [&] {
    for (size_t I = Next++; I < Files.size(); I = Next++) {
      // A context per file: it maps diagnostic IDs to check names, and each
      // runClangTidy call makes a new diagnostics engine whose IDs restart.
      // The configuration was validated already; this cannot fail here.
      auto Provider = createOptionsProvider(Config);
      if (!Provider) {
        llvm::consumeError(Provider.takeError());
        return;
      }
      ClangTidyContext Context(std::move(*Provider));
      // A file system with a working directory of its own: the process-wide
      // one (getRealFileSystem) would make each compile command's cd the
      // whole process's, racing the other workers and moving relative
      // paths (inputs, -o reports) into a build folder.
      llvm::IntrusiveRefCntPtr<ReadRecorder> Recorder(
          new ReadRecorder(llvm::vfs::createPhysicalFileSystem()));
      llvm::IntrusiveRefCntPtr<llvm::vfs::OverlayFileSystem> FS(
          new llvm::vfs::OverlayFileSystem(Recorder));
      llvm::CrashRecoveryContext Recovery;
      if (!Recovery.RunSafely([&] {
            PerFile[I] = runClangTidy(Context, Database, {Files[I]}, FS, /*ApplyAnyFix=*/false);
          }))
        Crashed[I] = 1;
      Inputs[I] = Recorder->takeRead();
      size_t Finished = ++Done;
      if (Options.ShowProgress) {
        std::lock_guard<std::mutex> Lock(ProgressMutex);
        double Seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - Start).count();
        llvm::errs() << llvm::format("\r[%zu/%zu] %.1fs ", Finished, Files.size(), Seconds)
                     << Files[I] << "\033[K";
        llvm::errs().flush();
      }
    }
  };

  unsigned Threads = std::max(1u, std::min<unsigned>(Options.Jobs, Files.size()));
  if (Threads == 1) {
    Worker();
  } else {
    std::vector<std::thread> Pool;
    for (unsigned T = 0; T < Threads; ++T)
      Pool.emplace_back(Worker);
    for (std::thread &Th : Pool)
      Th.join();
  }
  if (Options.ShowProgress)
    llvm::errs() << "\r\033[K";

  RunResult Result;
  for (size_t I = 0; I < Files.size(); ++I)
    if (Crashed[I])
      Result.Crashed.push_back(Files[I]);
  Result.PerFile = std::move(PerFile);
  Result.Inputs = std::move(Inputs);
  flattenErrors(Result);
  return Result;
}

void flattenErrors(RunResult &Result) {
  Result.Errors.clear();
  Result.ConfigProblems.clear();
  Result.CompileErrors = 0;
  Result.FirstBrokenFile.clear();
  for (const std::vector<ClangTidyError> &File : Result.PerFile)
    Result.Errors.insert(Result.Errors.end(), File.begin(), File.end());
  for (const ClangTidyError &E : Result.Errors) {
    llvm::StringRef Name = E.DiagnosticName;
    if (Name == "clang-tidy-config") {
      Result.ConfigProblems.push_back(E.Message.Message);
    } else if (!Name.starts_with("concur-") && E.DiagLevel == ClangTidyError::Error) {
      ++Result.CompileErrors;
      if (Result.FirstBrokenFile.empty())
        Result.FirstBrokenFile = E.Message.FilePath;
    }
  }
}

} // namespace concur::tool
