//===--- Baseline.cpp - concur --------------------------------------------===//

#include "Baseline.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include <nlohmann/json.hpp>

namespace concur::tool {

using nlohmann::json;

static llvm::Error baselineError(const llvm::Twine &Message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), Message);
}

std::string baselineRoot(llvm::StringRef BaselinePath) {
  llvm::SmallString<256> Path(BaselinePath);
  llvm::sys::fs::make_absolute(Path);
  llvm::sys::path::remove_dots(Path, true);
  return llvm::sys::path::parent_path(Path).str();
}

llvm::Expected<Baseline> Baseline::read(llvm::StringRef Path) {
  auto Buffer = llvm::MemoryBuffer::getFile(Path);
  if (!Buffer)
    return baselineError("cannot read baseline '" + Path + "': " + Buffer.getError().message() +
                         "; create it with --write-baseline");
  json Doc = json::parse((*Buffer)->getBuffer().begin(), (*Buffer)->getBuffer().end(), nullptr,
                         /*allow_exceptions=*/false);
  if (Doc.is_discarded() || !Doc.is_object() || !Doc.contains("findings") ||
      !Doc["findings"].is_array())
    return baselineError("'" + Path +
                         "' is not a concur baseline (expected a JSON object with 'findings'); "
                         "recreate it with --write-baseline");
  Baseline Result;
  for (const json &Entry : Doc["findings"]) {
    if (!Entry.is_object() || !Entry.contains("fingerprint") || !Entry["fingerprint"].is_string())
      return baselineError("'" + Path +
                           "' has a finding without a fingerprint; recreate it "
                           "with --write-baseline");
    ++Result.Remaining[Entry["fingerprint"].get<std::string>()];
  }
  return Result;
}

llvm::Error Baseline::write(llvm::StringRef Path, const std::vector<Finding> &Findings) {
  std::string Root = baselineRoot(Path);
  json Entries = json::array();
  for (const Finding &F : Findings)
    Entries.push_back({{"fingerprint", F.Fingerprint},
                       {"check", F.Check},
                       {"file", relativePath(F.Where.File, Root)},
                       {"line", F.Where.Line}, // for people; matching ignores it
                       {"message", F.Message}});
  std::sort(Entries.begin(), Entries.end(), [](const json &A, const json &B) {
    return std::tie(A["file"], A["line"], A["fingerprint"]) <
           std::tie(B["file"], B["line"], B["fingerprint"]);
  });
  json Doc = {{"version", 1}, {"tool", "concur"}, {"findings", Entries}};
  std::error_code EC;
  llvm::raw_fd_ostream OS(Path, EC, llvm::sys::fs::OF_Text);
  if (EC)
    return baselineError("cannot write baseline '" + Path + "': " + EC.message());
  OS << Doc.dump(2) << "\n";
  return llvm::Error::success();
}

bool Baseline::consume(const Finding &F) {
  auto It = Remaining.find(F.Fingerprint);
  if (It == Remaining.end() || It->second == 0)
    return false;
  --It->second;
  return true;
}

std::vector<clang::tidy::ClangTidyError>
Baseline::dropKnown(std::vector<clang::tidy::ClangTidyError> Errors,
                    const std::vector<Finding> &Findings) {
  std::vector<bool> Known(Errors.size(), false);
  for (const Finding &F : Findings)
    Known[F.ErrorIndex] = consume(F);
  std::vector<clang::tidy::ClangTidyError> Kept;
  for (size_t I = 0; I < Errors.size(); ++I)
    if (!Known[I])
      Kept.push_back(std::move(Errors[I]));
  return Kept;
}

} // namespace concur::tool
