//===--- TUSummaryBuilder.cpp - concur ------------------------------------===//

#include "analysis/project/TUSummaryBuilder.h"
#include "analysis/ast/QualifiedNames.h"
#include "analysis/project/ProjectLocations.h"
#include "analysis/project/ProjectNames.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/FileManager.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/xxhash.h"

namespace clang::tidy::concur {

namespace {
class DefinitionCollector : public RecursiveASTVisitor<DefinitionCollector> {
public:
  DefinitionCollector(const SourceManager &SM, const BlockingAnalysis &Analysis)
      : SM(SM), Analysis(Analysis) {}
  std::vector<const FunctionDecl *> Functions;
  bool shouldVisitTemplateInstantiations() const { return true; }
  bool shouldVisitLambdaBody() const { return true; }
  bool VisitFunctionDecl(FunctionDecl *FD) {
    if (FD->doesThisDeclarationHaveABody() && !FD->isDependentContext() &&
        !SM.isInSystemHeader(FD->getLocation()) && !Analysis.isLibraryCode(FD))
      Functions.push_back(FD);
    return true;
  }

private:
  const SourceManager &SM;
  const BlockingAnalysis &Analysis;
};
} // namespace

TUSummary summarizeTranslationUnit(BlockingAnalysis &Analysis, ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  TUSummary Summary;
  if (OptionalFileEntryRef Main = SM.getFileEntryRefForID(SM.getMainFileID()))
    Summary.Source = positionOf(SM.getLocForStartOfFile(SM.getMainFileID()), SM).File;
  DefinitionCollector Collector(SM, Analysis);
  Collector.TraverseAST(Ctx);
  for (const FunctionDecl *FD : Collector.Functions) {
    std::string USR = projectUSR(FD);
    if (USR.empty())
      continue;
    FunctionRecord Facts;
    Facts.Name = displayName(FD);
    Facts.Defined = positionOf(FD->getLocation(), SM);
    // A coroutine's body runs when it is awaited, where the checks see it.
    Facts.IsCoroutine = isa<CoroutineBodyStmt>(FD->getBody());
    if (!Facts.IsCoroutine && !Analysis.isDeclaredNonBlocking(FD)) {
      if (std::optional<BlockingSite> Site = Analysis.directSite(FD)) {
        Facts.Direct = DirectBlock{Site->Name, Site->Category, certaintyName(Site->Cert).str(),
                                   positionOf(Site->location(), SM)};
      } else {
        for (const auto &[Call, Callee] : Analysis.userCalls(FD)) {
          std::string CalleeUSR = projectUSR(Callee);
          if (!CalleeUSR.empty())
            Facts.Calls.push_back(
                {CalleeUSR, displayName(Callee), positionOf(Call->getExprLoc(), SM)});
        }
      }
    }
    // A descriptor getter or factory: what the rest of the project gets from it.
    if (Analysis.descriptors().returnsNonBlocking(FD))
      Summary.NonBlockingDescriptors.push_back(USR);
    else
      Facts.Returns = NonBlockingDescriptors::returnedNames(FD);
    Summary.Functions.emplace(std::move(USR), std::move(Facts));
  }
  std::vector<std::string> Fields = Analysis.descriptors().projectNames();
  Summary.NonBlockingDescriptors.insert(Summary.NonBlockingDescriptors.end(), Fields.begin(),
                                        Fields.end());
  llvm::sort(Summary.NonBlockingDescriptors);
  return Summary;
}

std::string summaryPathFor(llvm::StringRef Directory, llvm::StringRef MainFile,
                           llvm::StringRef Part) {
  llvm::SmallString<256> Path(Directory);
  llvm::sys::path::append(Path, llvm::utohexstr(llvm::xxh3_64bits(MainFile), /*LowerCase=*/true) +
                                    (Part.empty() ? "" : ".") + Part + ".json");
  return std::string(Path);
}

} // namespace clang::tidy::concur
