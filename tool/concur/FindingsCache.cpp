//===--- FindingsCache.cpp - concur ---------------------------------------===//

#include "FindingsCache.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
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

/// \p Path's size and modification time now, if it is a file.
static std::optional<FileStamp> stampOf(const std::string &Path) {
  llvm::sys::fs::file_status Status;
  if (Path.empty() || llvm::sys::fs::status(Path, Status) ||
      !llvm::sys::fs::is_regular_file(Status))
    return std::nullopt;
  return FileStamp{Path, Status.getSize(),
                   std::chrono::duration_cast<std::chrono::nanoseconds>(
                       Status.getLastModificationTime().time_since_epoch())
                       .count()};
}

static std::string keyText(const std::optional<FileStamp> &S) {
  return S ? S->Path + "|" + std::to_string(S->Size) + "|" + std::to_string(S->ModifiedNs) + "\n"
           : "none\n";
}

FindingsCache::FindingsCache(std::string Directory, const ConfigRequest &Config)
    : Directory(std::move(Directory)), Config(Config) {
  // This binary: another build is another analysis.
  static int Anchor;
  BinaryStamp = keyText(stampOf(llvm::sys::fs::getMainExecutable("concur", &Anchor)));
  if (auto Made = createOptionsProvider(Config))
    Provider = std::move(*Made);
  else
    llvm::consumeError(Made.takeError()); // validated already; then no options in the key
}

std::string FindingsCache::keyOf(const std::string &File,
                                 const clang::tooling::CompilationDatabase &Database) const {
  std::string Text = BinaryStamp;
  for (const clang::tooling::CompileCommand &C : Database.getCompileCommands(File)) {
    Text += C.Directory + "\n";
    for (const std::string &Arg : C.CommandLine)
      Text += Arg + '\0';
    Text += "\n";
  }
  for (const std::string &Arg : Config.ExtraArgs)
    Text += "extra:" + Arg + "\n";
  for (const std::string &Arg : Config.ExtraArgsBefore)
    Text += "before:" + Arg + "\n";
  Text += "filter:" + Config.HeaderFilter + "\n";
  // The options in effect for this file: every .clang-tidy above it, the
  // command line's, and the overrides.
  if (Provider) {
    clang::tidy::ClangTidyOptions Options = Provider->getOptions(File);
    Text += clang::tidy::configurationAsText(Options);
    // An option that names a file (a profile file, a catalogue): its
    // content is configuration too, read by the checks, not the compiler.
    for (const auto &Option : Options.CheckOptions)
      if (std::optional<FileStamp> Named = stampOf(Option.getValue().Value))
        Text += keyText(Named);
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
  std::optional<FileStamp> Now = stampOf(Then.Path);
  return Now && *Now == Then;
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
  // Replaced whole: a reader never sees half an entry.
  llvm::consumeError(llvm::writeToOutput(pathFor(File), [&](llvm::raw_ostream &OS) {
    OS << J.dump() << "\n";
    return llvm::Error::success();
  }));
}

} // namespace concur::tool
