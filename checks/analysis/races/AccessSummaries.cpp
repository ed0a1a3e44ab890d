//===--- AccessSummaries.cpp - concur -------------------------------------===//

#include "analysis/races/AccessSummaries.h"
#include "analysis/ast/QualifiedNames.h"
#include "analysis/project/ProjectLocations.h"
#include "analysis/project/ProjectNames.h"
#include "analysis/races/SharedAccesses.h"
#include "clang/AST/DeclTemplate.h"
#include "llvm/ADT/StringSet.h"

namespace clang::tidy::concur {

bool isExportedToProject(const FunctionDecl *F, const SourceManager &SM) {
  if (!F->doesThisDeclarationHaveABody() || F->isInlined() || !F->isExternallyVisible() ||
      F->isDependentContext() || F->isTemplateInstantiation() || F->isMain())
    return false;
  if (const auto *M = dyn_cast<CXXMethodDecl>(F); M && M->getParent()->isLambda())
    return false;
  return SM.isInMainFile(SM.getExpansionLoc(F->getLocation()));
}

static std::optional<IndexedPath> summarize(const AccessPath &P, const FunctionDecl *F) {
  IndexedPath Out;
  if (P.isThis()) {
    Out.Root = "this";
  } else if (const auto *Param = dyn_cast<ParmVarDecl>(P.Root);
             Param && Param->getDeclContext() == F) {
    Out.Root = "param:" + std::to_string(Param->getFunctionScopeIndex());
  } else if (P.Root->hasGlobalStorage()) {
    std::string USR = projectUSR(P.Root);
    if (USR.empty())
      return std::nullopt; // a local static: no other TU can name it
    Out.Root = "global:" + USR;
  } else {
    return std::nullopt;
  }
  for (const PathStep &S : P.Steps) {
    switch (S.K) {
    case PathStep::Kind::Field: {
      std::string USR = projectUSR(S.Field);
      if (USR.empty())
        return std::nullopt;
      Out.Steps.push_back("field:" + USR);
      break;
    }
    case PathStep::Kind::Deref:
      Out.Steps.push_back("*");
      break;
    case PathStep::Kind::Element:
      Out.Steps.push_back(S.Index ? "[" + std::to_string(*S.Index) + "]" : "[]");
      break;
    }
  }
  return Out;
}

static bool summarizeAll(const std::vector<AccessPath> &Paths, const FunctionDecl *F,
                         std::vector<IndexedPath> &Out) {
  for (const AccessPath &P : Paths) {
    std::optional<IndexedPath> S = summarize(P, F);
    if (!S)
      return false;
    Out.push_back(std::move(*S));
  }
  return true;
}

std::vector<IndexedAccess> summarizeAccesses(const std::vector<Access> &Accesses,
                                             const FunctionDecl *F, const SourceManager &SM) {
  std::vector<IndexedAccess> Result;
  llvm::StringSet<> Alike;
  for (const Access &A : Accesses) {
    IndexedAccess Out;
    std::optional<IndexedPath> Path = summarize(A.Path, F);
    if (!Path)
      continue;
    Out.Path = std::move(*Path);
    Out.Write = A.IsWrite;
    Out.Form = static_cast<unsigned>(A.Form);
    Out.PerThreadSlot = A.PerThreadSlot;
    bool Named = true;
    for (const HeldLock &L : A.Locks.locks()) {
      std::optional<IndexedPath> Mutex = summarize(L.Mutex, F);
      if (!Mutex) {
        Named = false; // the access would look less guarded than it is
        break;
      }
      Out.Locks.push_back({std::move(*Mutex), L.Mode == LockMode::Shared});
    }
    if (!Named || !summarizeAll(A.ReleasedBy, F, Out.ReleasedBy) ||
        !summarizeAll(A.AcquiredVia, F, Out.AcquiredVia))
      continue;
    // Through a third TU the access keeps the name of the function it is in.
    Out.Function = A.Remote ? A.Remote->Function : displayName(A.Function);
    Out.At = positionOf(A.location(), SM);
    if (Out.At.File.empty())
      continue;
    // Alike accesses on one line say nothing more to another TU.
    IndexedAccess Line = Out;
    Line.At.Column = 0;
    if (!Alike.insert(digestOf({Line})).second)
      continue;
    Result.push_back(std::move(Out));
  }
  return Result;
}

/// Globals and fields by USR, declared at namespace or class scope. A walk of
/// the declaration contexts, not a RecursiveASTVisitor: clangd limits the
/// AST traversal to the main file, and what a header declares counts too.
void AccessImporter::indexDeclarations() {
  llvm::SmallVector<const DeclContext *, 64> Pending = {Ctx.getTranslationUnitDecl()};
  while (!Pending.empty()) {
    const DeclContext *DC = Pending.pop_back_val();
    for (const Decl *D : DC->decls()) {
      if (const auto *V = dyn_cast<VarDecl>(D)) {
        if (V->hasGlobalStorage())
          if (std::string USR = projectUSR(V); !USR.empty())
            Globals.try_emplace(USR, V->getCanonicalDecl());
      } else if (const auto *F = dyn_cast<FieldDecl>(D)) {
        if (std::string USR = projectUSR(F); !USR.empty())
          Fields.try_emplace(USR, F);
      } else if (const auto *T = dyn_cast<ClassTemplateDecl>(D)) {
        for (const ClassTemplateSpecializationDecl *S : T->specializations())
          Pending.push_back(S);
      } else if (isa<NamespaceDecl, LinkageSpecDecl, ExportDecl>(D) ||
                 (isa<CXXRecordDecl, RecordDecl>(D) &&
                  cast<RecordDecl>(D)->isThisDeclarationADefinition())) {
        Pending.push_back(cast<DeclContext>(D));
      }
    }
  }
  Indexed = true;
}

std::optional<AccessPath> AccessImporter::path(const IndexedPath &P, const FunctionDecl *Callee) {
  if (!Indexed)
    indexDeclarations();
  llvm::StringRef Root = P.Root;
  AccessPath Out;
  if (Root == "this") {
    const auto *M = dyn_cast<CXXMethodDecl>(Callee);
    if (!M || !M->isInstance())
      return std::nullopt;
    Out.ThisClass = M->getParent()->getCanonicalDecl();
  } else if (Root.consume_front("param:")) {
    unsigned N = 0;
    if (Root.getAsInteger(10, N) || N >= Callee->getNumParams())
      return std::nullopt;
    Out.Root = Callee->getParamDecl(N);
  } else if (Root.consume_front("global:")) {
    auto It = Globals.find(Root);
    if (It == Globals.end())
      return std::nullopt;
    Out.Root = It->second;
  } else {
    return std::nullopt;
  }
  for (llvm::StringRef Step : P.Steps) {
    if (Step == "*") {
      Out.Steps.push_back(PathStep::deref());
    } else if (Step.consume_front("[")) {
      Step.consume_back("]");
      int64_t I = 0;
      Out.Steps.push_back(PathStep::element(
          Step.empty() || Step.getAsInteger(10, I) ? std::nullopt : std::optional<int64_t>(I)));
    } else if (Step.consume_front("field:")) {
      auto It = Fields.find(Step);
      if (It == Fields.end())
        return std::nullopt;
      Out.Steps.push_back(PathStep::field(It->second));
    } else {
      return std::nullopt;
    }
  }
  return Out;
}

std::optional<Access> AccessImporter::import(const IndexedAccess &A, const FunctionDecl *Callee) {
  Access Out;
  std::optional<AccessPath> Path = path(A.Path, Callee);
  if (!Path)
    return std::nullopt;
  Out.Path = std::move(*Path);
  Out.IsWrite = A.Write;
  Out.Form = A.Form <= static_cast<unsigned>(AccessForm::Other) ? static_cast<AccessForm>(A.Form)
                                                                : AccessForm::Other;
  Out.PerThreadSlot = A.PerThreadSlot;
  for (const IndexedLock &L : A.Locks) {
    std::optional<AccessPath> Mutex = path(L.Mutex, Callee);
    if (!Mutex)
      return std::nullopt;
    Out.Locks.add({std::move(*Mutex), L.Shared ? LockMode::Shared : LockMode::Exclusive});
  }
  for (auto [From, To] :
       {std::pair{&A.ReleasedBy, &Out.ReleasedBy}, std::pair{&A.AcquiredVia, &Out.AcquiredVia}})
    for (const IndexedPath &P : *From) {
      std::optional<AccessPath> Atomic = path(P, Callee);
      if (!Atomic)
        return std::nullopt;
      To->push_back(std::move(*Atomic));
    }
  Out.Function = Callee;
  Out.Remote = &A;
  Out.At = locationIn(Ctx.getSourceManager(), A.At);
  if (Out.At.isInvalid())
    return std::nullopt; // the file is gone since the index was built
  Out.Order = Out.At;
  return Out;
}

} // namespace clang::tidy::concur
