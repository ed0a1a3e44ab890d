//===--- Findings.cpp - concur --------------------------------------------===//

#include "Findings.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SHA256.h"
#include <memory>

namespace concur::tool {

namespace {
/// Files read once per run to turn offsets into lines.
class SourceCache {
public:
  llvm::StringRef text(const std::string &File) {
    auto It = Files.find(File);
    if (It == Files.end()) {
      auto Buffer = llvm::MemoryBuffer::getFile(File, /*IsText=*/false,
                                                /*RequiresNullTerminator=*/false);
      std::string Text = Buffer ? (*Buffer)->getBuffer().str() : std::string();
      It = Files.try_emplace(File, std::move(Text)).first;
    }
    return It->second;
  }

  Position position(const std::string &File, unsigned Offset) {
    Position P;
    P.File = File;
    P.Offset = Offset;
    llvm::StringRef Text = text(File);
    if (Offset > Text.size())
      return P;
    llvm::StringRef Before = Text.take_front(Offset);
    P.Line = Before.count('\n') + 1;
    size_t LineStart = Before.rfind('\n');
    P.Column = Offset - (LineStart == llvm::StringRef::npos ? 0 : LineStart + 1) + 1;
    return P;
  }

  llvm::StringRef lineAt(const std::string &File, unsigned Offset) {
    llvm::StringRef Text = text(File);
    if (Offset > Text.size())
      return {};
    size_t Start = Text.take_front(Offset).rfind('\n');
    Start = Start == llvm::StringRef::npos ? 0 : Start + 1;
    size_t End = Text.find('\n', Offset);
    return Text.slice(Start, End == llvm::StringRef::npos ? Text.size() : End);
  }

private:
  llvm::StringMap<std::string> Files;
};

SourceCache &cache() {
  static SourceCache Cache;
  return Cache;
}
} // namespace

std::pair<size_t, size_t> lineBoundsAt(const std::string &File, unsigned Offset) {
  llvm::StringRef Line = cache().lineAt(File, Offset);
  if (Line.data() == nullptr)
    return {0, 0};
  size_t Start = Line.data() - cache().text(File).data();
  return {Start, Start + Line.size()};
}

std::string lineTextAt(const std::string &File, unsigned Offset) {
  return cache().lineAt(File, Offset).rtrim("\r").trim().str();
}

std::string absolutePath(llvm::StringRef Path, llvm::StringRef BuildDirectory) {
  llvm::SmallString<256> Result;
  if (llvm::sys::path::is_relative(Path) && !BuildDirectory.empty())
    llvm::sys::path::append(Result, BuildDirectory, Path);
  else
    Result = Path;
  llvm::sys::fs::make_absolute(Result);
  llvm::sys::path::remove_dots(Result, /*remove_dot_dot=*/true);
  return std::string(Result);
}

std::vector<Finding> collectFindings(const std::vector<clang::tidy::ClangTidyError> &Errors) {
  std::vector<Finding> Result;
  for (size_t Index = 0; Index < Errors.size(); ++Index) {
    const clang::tidy::ClangTidyError &E = Errors[Index];
    if (!llvm::StringRef(E.DiagnosticName).starts_with("concur-"))
      continue;
    Finding F;
    F.ErrorIndex = Index;
    F.Check = E.DiagnosticName;
    bool IsError = E.DiagLevel == clang::tooling::Diagnostic::Error || E.IsWarningAsError;
    F.Severity = IsError ? "error" : "warning";
    F.Message = E.Message.Message;
    F.Where =
        cache().position(absolutePath(E.Message.FilePath, E.BuildDirectory), E.Message.FileOffset);
    for (const auto &N : E.Notes)
      F.Notes.push_back(
          {N.Message, cache().position(absolutePath(N.FilePath, E.BuildDirectory), N.FileOffset)});
    for (const auto &FileFix : E.Message.Fix) {
      std::string File = absolutePath(FileFix.getKey(), E.BuildDirectory);
      for (const clang::tooling::Replacement &R : FileFix.getValue()) {
        Replacement Rep;
        Rep.Start = cache().position(File, R.getOffset());
        Rep.End = cache().position(File, R.getOffset() + R.getLength());
        Rep.Length = R.getLength();
        Rep.Text = R.getReplacementText().str();
        F.Fixes.push_back(std::move(Rep));
      }
    }
    Result.push_back(std::move(F));
  }
  return Result;
}

std::string relativePath(llvm::StringRef Path, llvm::StringRef BaseDir) {
  llvm::SmallString<256> Base(BaseDir);
  llvm::sys::fs::make_absolute(Base);
  llvm::sys::path::remove_dots(Base, true);
  llvm::StringRef P = Path;
  if (!Base.empty() && P.consume_front(Base) && (P.empty() || P.consume_front("/")))
    return P.str();
  return Path.str();
}

std::string fingerprintOf(const Finding &F, llvm::StringRef BaseDir) {
  std::string Line;
  bool Blank = false;
  for (char C : cache().lineAt(F.Where.File, F.Where.Offset)) {
    if (C == ' ' || C == '\t' || C == '\r') {
      Blank = !Line.empty();
      continue;
    }
    if (Blank)
      Line += ' ';
    Blank = false;
    Line += C;
  }
  llvm::SHA256 Hash;
  for (const std::string &Part : {F.Check, relativePath(F.Where.File, BaseDir), F.Message, Line}) {
    Hash.update(Part);
    Hash.update(llvm::StringRef("\0", 1));
  }
  auto Digest = Hash.final();
  return llvm::toHex(Digest, /*LowerCase=*/true).substr(0, 32);
}

} // namespace concur::tool
