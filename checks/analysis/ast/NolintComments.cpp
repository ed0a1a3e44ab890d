//===--- NolintComments.cpp - concur --------------------------------------===//

#include "analysis/ast/NolintComments.h"
#include "clang-tidy/GlobList.h"

namespace clang::tidy::concur {

namespace {
enum class Kind { SameLine, NextLine, Begin, End };

/// The comment's kind and its check list ("" for none) when \p Text, from
/// "NOLINT" on, is a directive; clang-tidy requires the list to follow the
/// keyword directly, as "NOLINT(check)".
std::optional<std::pair<Kind, std::string>> parseDirective(llvm::StringRef Text) {
  Text.consume_front("NOLINT");
  Kind K = Kind::SameLine;
  if (Text.consume_front("NEXTLINE"))
    K = Kind::NextLine;
  else if (Text.consume_front("BEGIN"))
    K = Kind::Begin;
  else if (Text.consume_front("END"))
    K = Kind::End;
  else if (!Text.empty() && (isalnum(static_cast<unsigned char>(Text[0])) || Text[0] == '_'))
    return std::nullopt; // NOLINTFOO: not a directive
  if (!Text.consume_front("("))
    return std::make_pair(K, std::string());
  size_t Close = Text.find(')');
  if (Close == llvm::StringRef::npos)
    return std::nullopt;
  std::string Globs;
  for (char C : Text.take_front(Close))
    if (!isspace(static_cast<unsigned char>(C)))
      Globs += C;
  return std::make_pair(K, Globs);
}
} // namespace

const std::vector<NolintComments::Directive> &NolintComments::directivesOf(FileID File) {
  auto [It, New] = Files.try_emplace(File);
  if (!New)
    return It->second;
  std::vector<Directive> &Out = It->second;
  llvm::StringRef Buffer = SM.getBufferData(File);
  std::vector<std::pair<unsigned, std::string>> Open; // NOLINTBEGIN line, globs
  unsigned Line = 1;
  size_t LineStart = 0;
  while (LineStart <= Buffer.size()) {
    size_t LineEnd = Buffer.find('\n', LineStart);
    llvm::StringRef Text = Buffer.slice(LineStart, LineEnd);
    for (size_t At = Text.find("NOLINT"); At != llvm::StringRef::npos;
         At = Text.find("NOLINT", At + 6)) {
      auto D = parseDirective(Text.drop_front(At));
      if (!D)
        continue;
      switch (D->first) {
      case Kind::SameLine:
        Out.push_back({Line, Line, D->second});
        break;
      case Kind::NextLine:
        Out.push_back({Line + 1, Line + 1, D->second});
        break;
      case Kind::Begin:
        Open.emplace_back(Line, D->second);
        break;
      case Kind::End:
        // clang-tidy pairs an END with the last BEGIN of the same list.
        for (size_t I = Open.size(); I-- > 0;)
          if (Open[I].second == D->second) {
            Out.push_back({Open[I].first, Line, D->second});
            Open.erase(Open.begin() + I);
            break;
          }
        break;
      }
    }
    if (LineEnd == llvm::StringRef::npos)
      break;
    LineStart = LineEnd + 1;
    ++Line;
  }
  return Out;
}

bool NolintComments::suppresses(SourceLocation Loc, llvm::ArrayRef<llvm::StringRef> Checks) {
  if (Loc.isInvalid())
    return false;
  SourceLocation Spelled = SM.getFileLoc(Loc);
  FileID File = SM.getFileID(Spelled);
  if (File.isInvalid())
    return false;
  unsigned Line = SM.getSpellingLineNumber(Spelled);
  for (const Directive &D : directivesOf(File)) {
    if (Line < D.FirstLine || Line > D.LastLine)
      continue;
    if (D.Globs.empty())
      return true;
    GlobList Globs(D.Globs, /*KeepNegativeGlobs=*/false);
    for (llvm::StringRef Check : Checks)
      if (Globs.contains(Check))
        return true;
  }
  return false;
}

} // namespace clang::tidy::concur
