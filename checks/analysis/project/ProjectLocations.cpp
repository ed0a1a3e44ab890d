//===--- ProjectLocations.cpp - concur ------------------------------------===//

#include "analysis/project/ProjectLocations.h"
#include "clang/Basic/FileManager.h"
#include "llvm/Support/Path.h"

namespace clang::tidy::concur {

FilePosition positionOf(SourceLocation Loc, const SourceManager &SM) {
  FilePosition P;
  SourceLocation FileLoc = SM.getFileLoc(Loc);
  if (FileLoc.isInvalid())
    return P;
  llvm::SmallString<256> Path(SM.getFilename(FileLoc));
  if (Path.empty())
    return P;
  SM.getFileManager().makeAbsolutePath(Path);
  llvm::sys::path::remove_dots(Path, /*remove_dot_dot=*/true);
  P.File = std::string(Path);
  P.Line = SM.getExpansionLineNumber(FileLoc);
  P.Column = SM.getExpansionColumnNumber(FileLoc);
  return P;
}

SourceLocation locationIn(SourceManager &SM, const FilePosition &At) {
  auto Entry = SM.getFileManager().getOptionalFileRef(At.File);
  if (!Entry || At.Line == 0)
    return SourceLocation();
  // The file of another TU: loaded into this one's source manager so that
  // notes can point into it.
  FileID ID = SM.translateFile(*Entry);
  if (ID.isInvalid())
    ID = SM.createFileID(*Entry, SourceLocation(), SrcMgr::C_User);
  return SM.translateLineCol(ID, At.Line, std::max(1u, At.Column));
}

} // namespace clang::tidy::concur
