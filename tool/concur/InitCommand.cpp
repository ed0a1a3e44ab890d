//===--- InitCommand.cpp - concur -----------------------------------------===//

#include "InitCommand.h"
#include "ToolErrors.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include <cstring>
#include <string>
#include <vector>

namespace concur::tool {

static const char ClangTidyFile[] =
    R"(# Written by `concur init`: enables the concur checks for clang-tidy,
# concur check and concur-clangd. Add your other checks after concur-*.
Checks: 'concur-*'
CheckOptions: {}
)";

static const char ClangdFile[] =
    R"(# Written by `concur init`: lets clangd (concur-clangd) run the concur checks.
# clangd 19 only runs clang-tidy checks it knows to be fast unless told otherwise.
Diagnostics:
  ClangTidy:
    Add: [concur-*]
    FastCheckFilter: None
)";

/// Does a clang-tidy Checks value enable concur-* at its end (later globs win)?
static bool enablesConcur(llvm::StringRef Checks) {
  llvm::SmallVector<llvm::StringRef, 8> Globs;
  Checks.split(Globs, ',', -1, /*KeepEmpty=*/false);
  for (auto It = Globs.rbegin(); It != Globs.rend(); ++It) {
    llvm::StringRef Glob = It->trim();
    if (Glob == "concur-*" || Glob == "*")
      return true;
    if (Glob == "-concur-*" || Glob == "-*")
      return false;
  }
  return false;
}

/// The user's .clang-tidy with concur-* appended to its Checks (a line
/// `Checks: '...'` or `Checks: ...`, or none, which gets one); the rest of
/// the file as it was. Multi-line Checks values are left to the user.
static llvm::Expected<std::string> mergeClangTidy(llvm::StringRef Text) {
  llvm::SmallVector<llvm::StringRef, 32> Lines;
  Text.split(Lines, '\n');
  std::string Out;
  bool Found = false;
  for (size_t I = 0; I < Lines.size(); ++I) {
    llvm::StringRef Line = Lines[I];
    if (!Found && Line.starts_with("Checks:")) {
      Found = true;
      llvm::StringRef Value = Line.drop_front(strlen("Checks:")).trim();
      char Quote =
          !Value.empty() && (Value.front() == '\'' || Value.front() == '"') ? Value.front() : 0;
      if (Quote && (Value.size() < 2 || Value.back() != Quote))
        return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                       "its Checks value spans several lines");
      if (!Quote && (Value.empty() || Value.starts_with(">") || Value.starts_with("|")))
        return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                       "its Checks value spans several lines");
      llvm::StringRef Inner = Quote ? Value.drop_front().drop_back() : Value;
      if (enablesConcur(Inner))
        return Text.str();
      std::string Joined = Inner.rtrim().str();
      if (!Joined.empty() && Joined.back() != ',')
        Joined += ",";
      Joined += "concur-*";
      Out += "Checks: '" + Joined + "'";
    } else {
      Out += Line.str();
    }
    if (I + 1 < Lines.size())
      Out += "\n";
  }
  if (!Found)
    Out = "Checks: 'concur-*'\n" + Out;
  return Out;
}

/// The user's .clangd with one more fragment (clangd reads `---`-separated
/// fragments of one file in order), unless it already adds concur-*.
static llvm::Expected<std::string> mergeClangd(llvm::StringRef Text) {
  if (Text.contains("concur-*"))
    return Text.str();
  std::string Out = Text.str();
  if (!Out.empty() && Out.back() != '\n')
    Out += "\n";
  // The fragment without its comment lines: after `---` it is one more document.
  llvm::StringRef Fragment = ClangdFile;
  Fragment = Fragment.drop_front(Fragment.find("Diagnostics:"));
  return Out + "---\n# Added by `concur init`: lets clangd run the concur checks.\n" +
         Fragment.str();
}

int runInitCommand(int argc, const char **argv) {
  std::string Dir = ".";
  bool Force = false;
  for (int I = 1; I < argc; ++I) {
    llvm::StringRef Arg = argv[I];
    if (Arg == "--force")
      Force = true;
    else if (Arg == "--help" || Arg == "-h") {
      llvm::outs() << "USAGE: concur init [dir] [--force]\n\n"
                      "Writes .clang-tidy (enables concur-*) and .clangd (lets clangd run them)\n"
                      "in dir (default: the current directory). An existing .clang-tidy gets\n"
                      "concur-* added to its Checks, an existing .clangd one more fragment;\n"
                      "--force replaces them instead.\n";
      return ExitClean;
    } else if (Arg.starts_with("-"))
      return usageError("unknown option '" + Arg + "' for init; see 'concur init --help'");
    else
      Dir = Arg.str();
  }
  if (!llvm::sys::fs::is_directory(Dir))
    return usageError("'" + Dir + "' is not a directory; create it or name another one");

  auto PathOf = [&](const char *Name) {
    llvm::SmallString<256> Path(Dir);
    llvm::sys::path::append(Path, Name);
    return std::string(Path);
  };
  // Work out every file's new text first, so nothing is half-written.
  struct Change {
    std::string Path, Text, Said;
  };
  std::vector<Change> Changes;
  for (auto [Name, Fresh] : {std::pair{".clang-tidy", ClangTidyFile}, {".clangd", ClangdFile}}) {
    std::string Path = PathOf(Name);
    auto Existing = llvm::MemoryBuffer::getFile(Path, /*IsText=*/true);
    if (Force || !Existing) {
      Changes.push_back({Path, Fresh, "wrote " + Path});
      continue;
    }
    llvm::StringRef Text = (*Existing)->getBuffer();
    auto Merged = llvm::StringRef(Name) == ".clang-tidy" ? mergeClangTidy(Text) : mergeClangd(Text);
    if (!Merged)
      return usageError("'" + Path + "': " + llvm::toString(Merged.takeError()) +
                        "; add concur-* to it by hand, or pass --force to replace it");
    if (*Merged == Text)
      llvm::outs() << "kept " << Path << " (it already enables concur-*)\n";
    else
      Changes.push_back({Path, *Merged, "added concur-* to " + Path});
  }
  for (const Change &C : Changes) {
    std::error_code EC;
    llvm::raw_fd_ostream OS(C.Path, EC, llvm::sys::fs::OF_Text);
    if (EC)
      return usageError("cannot write '" + C.Path + "': " + EC.message());
    OS << C.Text;
    llvm::outs() << C.Said << "\n";
  }
  return ExitClean;
}

} // namespace concur::tool
