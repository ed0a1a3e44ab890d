//===--- FindingsCache.cpp - concur ---------------------------------------===//

#include "FindingsCache.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"
#include <chrono>
#include <nlohmann/json.hpp>

namespace concur::tool {

using clang::tidy::ClangTidyError;
using nlohmann::json;

/// Bumped when what is stored changes.
static constexpr int CacheSchema = 1;

static std::string hexHash(llvm::StringRef Text) {
  return llvm::utohexstr(llvm::xxh3_64bits(Text), /*LowerCase=*/true);
}

/// This binary, by path, size and time: another build is another analysis.
static std::string binaryStamp() {
  static int Anchor;
  std::string Exe = llvm::sys::fs::getMainExecutable("concur", &Anchor);
  llvm::sys::fs::file_status Status;
  if (Exe.empty() || llvm::sys::fs::status(Exe, Status))
    return "unknown";
  return Exe + "|" + std::to_string(Status.getSize()) + "|" +
         std::to_string(Status.getLastModificationTime().time_since_epoch().count());
}

std::string FindingsCache::keyOf(const std::string &File, const ConfigRequest &Config,
                                 const clang::tooling::CompilationDatabase &Database) {
  std::string Text = binaryStamp() + "\n";
  for (const clang::tooling::CompileCommand &C : Database.getCompileCommands(File)) {
    Text += C.Directory + "\n";
    for (const std::string &Arg : C.CommandLine)
      Text += Arg + "\0"[0];
    Text += "\n";
  }
  for (const std::string &Arg : Config.ExtraArgs)
    Text += "extra:" + Arg + "\n";
  for (const std::string &Arg : Config.ExtraArgsBefore)
    Text += "before:" + Arg + "\n";
  Text += "filter:" + Config.HeaderFilter + "\n";
  // The options in effect for this file: every .clang-tidy above it, the
  // command line's, and the overrides (the project index's path among them).
  if (auto Provider = createOptionsProvider(Config)) {
    clang::tidy::ClangTidyOptions Options = (*Provider)->getOptions(File);
    Text += clang::tidy::configurationAsText(Options);
    // An option that names a file (a profile file, a catalogue): its
    // content is configuration too, read by the checks, not the compiler.
    for (const auto &Option : Options.CheckOptions) {
      llvm::sys::fs::file_status Status;
      const std::string &Value = Option.getValue().Value;
      if (!Value.empty() && !llvm::sys::fs::status(Value, Status) &&
          llvm::sys::fs::is_regular_file(Status))
        Text += Value + "|" + std::to_string(Status.getSize()) + "|" +
                std::to_string(Status.getLastModificationTime().time_since_epoch().count()) + "\n";
    }
  } else {
    llvm::consumeError(Provider.takeError());
    Text += "no-options";
  }
  for (const auto &[Name, Value] : Config.CheckOptionOverrides)
    Text += Name + "=" + Value + "\n";
  return hexHash(Text);
}

std::string FindingsCache::pathFor(const std::string &File) const {
  llvm::SmallString<256> Path(Directory);
  llvm::sys::path::append(Path, hexHash(File) + ".json");
  return std::string(Path);
}

static json toJson(const clang::tooling::DiagnosticMessage &M) {
  json Fix = json::array();
  for (const auto &Entry : M.Fix)
    for (const clang::tooling::Replacement &R : Entry.second)
      Fix.push_back(
          {R.getFilePath().str(), R.getOffset(), R.getLength(), R.getReplacementText().str()});
  json Ranges = json::array();
  for (const clang::tooling::FileByteRange &R : M.Ranges)
    Ranges.push_back({R.FilePath, R.FileOffset, R.Length});
  return {{"message", M.Message},
          {"file", M.FilePath},
          {"offset", M.FileOffset},
          {"fix", std::move(Fix)},
          {"ranges", std::move(Ranges)}};
}

static clang::tooling::DiagnosticMessage messageFrom(const json &J) {
  clang::tooling::DiagnosticMessage M(J.at("message").get<std::string>());
  M.FilePath = J.at("file").get<std::string>();
  M.FileOffset = J.at("offset").get<unsigned>();
  for (const json &R : J.at("fix")) {
    clang::tooling::Replacement Rep(R.at(0).get<std::string>(), R.at(1).get<unsigned>(),
                                    R.at(2).get<unsigned>(), R.at(3).get<std::string>());
    llvm::consumeError(M.Fix[Rep.getFilePath()].add(Rep));
  }
  for (const json &R : J.at("ranges")) {
    clang::tooling::FileByteRange Range;
    Range.FilePath = R.at(0).get<std::string>();
    Range.FileOffset = R.at(1).get<unsigned>();
    Range.Length = R.at(2).get<unsigned>();
    M.Ranges.push_back(std::move(Range));
  }
  return M;
}

static bool unchanged(const FileStamp &Then) {
  llvm::sys::fs::file_status Now;
  if (llvm::sys::fs::status(Then.Path, Now))
    return false;
  return Now.getSize() == Then.Size && std::chrono::duration_cast<std::chrono::nanoseconds>(
                                           Now.getLastModificationTime().time_since_epoch())
                                               .count() == Then.ModifiedNs;
}

std::optional<std::vector<ClangTidyError>>
FindingsCache::load(const std::string &File, const std::string &Key, std::string &Problem) const {
  std::string Path = pathFor(File);
  auto Buffer = llvm::MemoryBuffer::getFile(Path);
  if (!Buffer)
    return std::nullopt; // never analysed with the cache
  json J = json::parse((*Buffer)->getBuffer().begin(), (*Buffer)->getBuffer().end(), nullptr,
                       /*allow_exceptions=*/false);
  try {
    if (J.is_discarded() || !J.is_object())
      throw std::runtime_error("it is not JSON: corrupt or cut short");
    if (J.value("schema", 0) != CacheSchema || J.value("file", "") != File ||
        J.value("key", "") != Key)
      return std::nullopt; // another version, file, command or configuration
    for (const json &Input : J.at("inputs"))
      if (!unchanged({Input.at(0).get<std::string>(), Input.at(1).get<uint64_t>(),
                      Input.at(2).get<int64_t>()}))
        return std::nullopt;
    std::vector<ClangTidyError> Errors;
    for (const json &E : J.at("findings")) {
      ClangTidyError Error(E.at("check").get<std::string>(),
                           static_cast<ClangTidyError::Level>(E.at("level").get<int>()),
                           E.at("build_directory").get<std::string>(),
                           E.value("warning_as_error", false));
      Error.Message = messageFrom(E.at("message"));
      for (const json &N : E.at("notes"))
        Error.Notes.push_back(messageFrom(N));
      Errors.push_back(std::move(Error));
    }
    return Errors;
  } catch (const std::exception &E) {
    Problem = "the cached findings '" + Path + "' are unreadable (" + E.what() +
              "); removing them (the file is analysed again)";
    llvm::sys::fs::remove(Path);
    return std::nullopt;
  }
}

void FindingsCache::store(const std::string &File, const std::string &Key,
                          const std::vector<FileStamp> &Inputs,
                          const std::vector<ClangTidyError> &Errors) const {
  json Stamps = json::array();
  for (const FileStamp &S : Inputs)
    Stamps.push_back({S.Path, S.Size, S.ModifiedNs});
  json Findings = json::array();
  for (const ClangTidyError &E : Errors) {
    json Notes = json::array();
    for (const clang::tooling::DiagnosticMessage &N : E.Notes)
      Notes.push_back(toJson(N));
    Findings.push_back({{"check", E.DiagnosticName},
                        {"level", static_cast<int>(E.DiagLevel)},
                        {"build_directory", E.BuildDirectory},
                        {"warning_as_error", E.IsWarningAsError},
                        {"message", toJson(E.Message)},
                        {"notes", std::move(Notes)}});
  }
  json J = {{"schema", CacheSchema},
            {"kind", "concur-findings-cache"},
            {"file", File},
            {"key", Key},
            {"inputs", std::move(Stamps)},
            {"findings", std::move(Findings)}};
  if (llvm::sys::fs::create_directories(Directory))
    return;
  // Written beside, then renamed: a reader never sees half an entry.
  std::string Path = pathFor(File);
  std::string Temp = Path + ".tmp" + std::to_string(llvm::sys::Process::getProcessId());
  {
    std::error_code EC;
    llvm::raw_fd_ostream OS(Temp, EC, llvm::sys::fs::OF_None);
    if (EC)
      return;
    OS << J.dump() << "\n";
  }
  if (llvm::sys::fs::rename(Temp, Path))
    llvm::sys::fs::remove(Temp);
}

} // namespace concur::tool
