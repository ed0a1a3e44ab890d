//===--- ConfigFiles.cpp - concur -----------------------------------------===//

#include "ConfigFiles.h"
#include "clang-tidy/ClangTidy.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Regex.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/VirtualFileSystem.h"

namespace concur::tool {

using namespace clang::tidy;

static llvm::Error configError(const llvm::Twine &Message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), Message);
}

/// Parses one configuration text; on failure the message names the file and line.
static llvm::Expected<ClangTidyOptions> parseConfig(llvm::MemoryBufferRef Buffer) {
  std::string Message;
  llvm::ErrorOr<ClangTidyOptions> Parsed =
      parseConfigurationWithDiags(Buffer, [&](const llvm::SMDiagnostic &D) {
        if (Message.empty())
          Message = (Buffer.getBufferIdentifier() + ":" + llvm::Twine(D.getLineNo()) + ": " +
                     D.getMessage())
                        .str();
      });
  if (Parsed)
    return std::move(*Parsed);
  if (Message.empty())
    Message = (Buffer.getBufferIdentifier() + ": " + Parsed.getError().message()).str();
  return configError(Message);
}

llvm::Expected<std::unique_ptr<ClangTidyOptionsProvider>>
createOptionsProvider(const ConfigRequest &Request) {
  ClangTidyGlobalOptions Global;
  ClangTidyOptions Defaults = ClangTidyOptions::getDefaults();
  // Only the concur checks; compiler warnings are the compiler's business.
  Defaults.Checks = "-*,concur-*";
  Defaults.WarningsAsErrors = "";
  Defaults.HeaderFilterRegex = Request.HeaderFilter;
  Defaults.User = "concur";

  ClangTidyOptions Overrides;
  if (!Request.Checks.empty())
    Overrides.Checks = Request.Checks;
  if (!Request.WarningsAsErrors.empty())
    Overrides.WarningsAsErrors = Request.WarningsAsErrors;
  if (!Request.HeaderFilter.empty())
    Overrides.HeaderFilterRegex = Request.HeaderFilter;
  if (!Request.ExtraArgs.empty())
    Overrides.ExtraArgs = Request.ExtraArgs;
  if (!Request.ExtraArgsBefore.empty())
    Overrides.ExtraArgsBefore = Request.ExtraArgsBefore;
  for (const auto &[Key, Value] : Request.CheckOptionOverrides)
    Overrides.CheckOptions[Key] = ClangTidyOptions::ClangTidyValue(Value);
  if (Request.UseColor)
    Overrides.UseColor = Request.UseColor;

  if (!Request.Config.empty() && !Request.ConfigFile.empty())
    return configError("--config and --config-file cannot be used together; pass only one");
  std::string ConfigText = Request.Config, ConfigSource = "--config";
  if (!Request.ConfigFile.empty()) {
    auto Text = llvm::MemoryBuffer::getFile(Request.ConfigFile);
    if (!Text)
      return configError("cannot read config file '" + Request.ConfigFile +
                         "': " + Text.getError().message());
    ConfigText = (*Text)->getBuffer().str();
    ConfigSource = Request.ConfigFile;
  }
  if (!Request.Config.empty() || !Request.ConfigFile.empty()) {
    auto Parsed = parseConfig(llvm::MemoryBufferRef(ConfigText, ConfigSource));
    if (!Parsed)
      return Parsed.takeError();
    return std::make_unique<ConfigOptionsProvider>(std::move(Global), std::move(Defaults),
                                                   std::move(*Parsed), std::move(Overrides));
  }

  return std::make_unique<FileOptionsProvider>(std::move(Global), std::move(Defaults),
                                               std::move(Overrides));
}

static std::string absolute(llvm::StringRef File) {
  llvm::SmallString<256> Path(File);
  llvm::sys::fs::make_absolute(Path);
  return std::string(Path);
}

std::vector<std::string> enabledChecks(ClangTidyOptionsProvider &Provider, llvm::StringRef File) {
  std::vector<std::string> Result;
  for (std::string &Name : getCheckNames(Provider.getOptions(absolute(File)), false))
    if (llvm::StringRef(Name).starts_with("concur-"))
      Result.push_back(std::move(Name));
  return Result;
}

static std::string closest(llvm::StringRef Key, const llvm::StringSet<> &Valid) {
  unsigned Best = 6;
  std::string Result;
  for (const auto &Entry : Valid) {
    unsigned Distance = Key.edit_distance(Entry.getKey(), true, Best);
    if (Distance < Best) {
      Best = Distance;
      Result = Entry.getKey().str();
    }
  }
  return Result;
}

/// clang-tidy reports a malformed .clang-tidy and goes on without it; we
/// read each one above the inputs first and stop on the first bad one.
static llvm::Error checkConfigFilesAbove(llvm::StringRef Path, llvm::StringSet<> &Seen) {
  for (llvm::StringRef Dir = llvm::sys::path::parent_path(Path); !Dir.empty();
       Dir = llvm::sys::path::parent_path(Dir)) {
    if (!Seen.insert(Dir).second)
      return llvm::Error::success(); // Checked with an earlier file.
    llvm::SmallString<256> Config(Dir);
    llvm::sys::path::append(Config, ".clang-tidy");
    if (!llvm::sys::fs::exists(Config))
      continue;
    auto Text = llvm::MemoryBuffer::getFile(Config);
    if (!Text)
      return configError("cannot read '" + Config + "': " + Text.getError().message());
    auto Parsed = parseConfig((*Text)->getMemBufferRef());
    if (!Parsed)
      return configError("malformed configuration: " + llvm::toString(Parsed.takeError()) +
                         "; fix the file, or pass --config-file");
    if (Parsed->InheritParentConfig.value_or(false) == false)
      return llvm::Error::success(); // Files further up are not read.
  }
  return llvm::Error::success();
}

/// A check named without a wildcard that does not exist (`concur-typo`), and
/// a header filter that is not a regular expression: clang-tidy would take
/// both silently and report nothing for them.
static llvm::Error checkNamesAndFilter(const ClangTidyOptions &Options, llvm::StringRef Source,
                                       const NamesAndOptions &Valid) {
  if (Options.Checks) {
    llvm::SmallVector<llvm::StringRef, 8> Globs;
    llvm::StringRef(*Options.Checks).split(Globs, ',', -1, /*KeepEmpty=*/false);
    for (llvm::StringRef Glob : Globs) {
      Glob = Glob.trim();
      Glob.consume_front("-");
      Glob = Glob.trim();
      if (!Glob.starts_with("concur-") || Glob.contains('*') || Glob.contains('?') ||
          Valid.Names.contains(Glob))
        continue;
      std::string Hint = closest(Glob, Valid.Names);
      return configError("unknown check '" + Glob + "' in " + Source +
                         (Hint.empty() ? "" : "; did you mean '" + Hint + "'?") +
                         " (concur --list-checks lists them)");
    }
  }
  if (Options.HeaderFilterRegex && !Options.HeaderFilterRegex->empty()) { // "" is no filter
    llvm::Regex Filter(*Options.HeaderFilterRegex);
    std::string Why;
    if (!Filter.isValid(Why))
      return configError("invalid header filter '" + *Options.HeaderFilterRegex +
                         "' (--header-filter, or HeaderFilterRegex in .clang-tidy): " + Why +
                         "; it is a regular expression, e.g. '.*/include/.*'");
  }
  return llvm::Error::success();
}

llvm::Error validateConfiguration(ClangTidyOptionsProvider &Provider,
                                  const std::vector<std::string> &Files) {
  NamesAndOptions Valid = getAllChecksAndOptions(false);
  llvm::StringSet<> SeenDirs;
  for (const std::string &File : Files) {
    std::string Path = absolute(File);
    if (llvm::Error Err = checkConfigFilesAbove(Path, SeenDirs))
      return Err;
    auto Raw = Provider.getRawOptions(Path);
    for (const auto &[Options, Source] : Raw) {
      if (llvm::Error Err = checkNamesAndFilter(Options, Source, Valid))
        return Err;
      for (const auto &Option : Options.CheckOptions) {
        llvm::StringRef Key = Option.getKey();
        if (!Key.starts_with("concur-") || Valid.Options.contains(Key))
          continue;
        std::string Hint = closest(Key, Valid.Options);
        return configError("unknown option '" + Key + "' in " + Source +
                           (Hint.empty() ? "" : "; did you mean '" + Hint + "'?") +
                           " (see docs/checks/ for each check's options)");
      }
    }
    if (enabledChecks(Provider, File).empty())
      return configError("no concur check is enabled for '" + File +
                         "' (a .clang-tidy file or --checks disables them); pass "
                         "--checks='concur-*' or add concur-* to the Checks of .clang-tidy");
  }
  return llvm::Error::success();
}

} // namespace concur::tool
