//===--- ProjectNames.cpp - concur ----------------------------------------===//

#include "analysis/project/ProjectNames.h"
#include "clang/AST/ASTContext.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Index/USRGeneration.h"
#include "llvm/ADT/SmallString.h"

namespace clang::tidy::concur {

std::string projectUSR(const NamedDecl *D) {
  if (!D)
    return "";
  if (const auto *Var = dyn_cast<VarDecl>(D); Var && Var->isLocalVarDeclOrParm())
    return "";
  llvm::SmallString<128> USR;
  if (index::generateUSRForDecl(D->getCanonicalDecl(), USR))
    return "";
  if (D->isExternallyVisible())
    return std::string(USR);
  const SourceManager &SM = D->getASTContext().getSourceManager();
  OptionalFileEntryRef Main = SM.getFileEntryRefForID(SM.getMainFileID());
  return (Main ? Main->getName().str() : std::string("<main>")) + "|" + std::string(USR);
}

} // namespace clang::tidy::concur
