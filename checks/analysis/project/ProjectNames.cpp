//===--- ProjectNames.cpp - concur ----------------------------------------===//

#include "analysis/project/ProjectNames.h"
#include "clang/AST/ASTContext.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Index/USRGeneration.h"
#include "llvm/ADT/SmallString.h"

namespace clang::tidy::concur {

std::string projectUSR(const FunctionDecl *FD) {
  if (!FD)
    return "";
  llvm::SmallString<128> USR;
  if (index::generateUSRForDecl(FD->getCanonicalDecl(), USR))
    return "";
  if (FD->isExternallyVisible())
    return std::string(USR);
  const SourceManager &SM = FD->getASTContext().getSourceManager();
  OptionalFileEntryRef Main = SM.getFileEntryRefForID(SM.getMainFileID());
  return (Main ? Main->getName().str() : std::string("<main>")) + "|" + std::string(USR);
}

} // namespace clang::tidy::concur
