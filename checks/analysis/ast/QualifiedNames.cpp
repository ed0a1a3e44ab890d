//===--- QualifiedNames.cpp - concur --------------------------------------===//

#include "analysis/ast/QualifiedNames.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "llvm/ADT/SmallVector.h"

namespace clang::tidy::concur {

std::string qualifiedName(const NamedDecl *D) {
  llvm::SmallVector<llvm::StringRef, 8> Parts;
  Parts.push_back(D->getDeclName().isIdentifier() ? D->getName() : llvm::StringRef());
  std::string Special;
  if (!D->getDeclName().isIdentifier()) {
    // Constructors, operators: use the printed name ("basic_ifstream", "operator>>").
    if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(D))
      Special = Ctor->getParent()->getName().str();
    else if (const auto *Dtor = dyn_cast<CXXDestructorDecl>(D))
      Special = "~" + Dtor->getParent()->getName().str();
    else
      Special = D->getDeclName().getAsString();
    Parts.back() = Special;
  }
  for (const DeclContext *Ctx = D->getDeclContext(); Ctx; Ctx = Ctx->getParent()) {
    if (const auto *NS = dyn_cast<NamespaceDecl>(Ctx)) {
      // Implementation namespaces (libc++'s std::__fs::filesystem) are
      // spelled as users write them.
      if (NS->isInline() || NS->isAnonymousNamespace() || NS->getName().starts_with("__"))
        continue;
      Parts.push_back(NS->getName());
    } else if (const auto *RD = dyn_cast<RecordDecl>(Ctx)) {
      if (RD->getName().empty())
        continue;
      Parts.push_back(RD->getName());
    } else if (isa<FunctionDecl>(Ctx)) {
      break; // Local declarations are named from their function.
    }
  }
  std::string Result;
  for (auto It = Parts.rbegin(); It != Parts.rend(); ++It) {
    if (!Result.empty())
      Result += "::";
    Result += *It;
  }
  return Result;
}

const CXXRecordDecl *recordOf(QualType T) {
  if (T.isNull())
    return nullptr;
  return T.getNonReferenceType().getCanonicalType()->getAsCXXRecordDecl();
}

std::string recordName(QualType T) {
  const CXXRecordDecl *RD = recordOf(T);
  return RD ? qualifiedName(RD) : std::string();
}

std::optional<QualType> firstTypeArgument(QualType T) {
  const auto *Spec = dyn_cast_or_null<ClassTemplateSpecializationDecl>(recordOf(T));
  if (!Spec || Spec->getTemplateArgs().size() == 0 ||
      Spec->getTemplateArgs()[0].getKind() != TemplateArgument::Type)
    return std::nullopt;
  return Spec->getTemplateArgs()[0].getAsType();
}

bool nameMatches(llvm::StringRef Qualified, llvm::StringRef Pattern) {
  if (Pattern.consume_front("::"))
    return Qualified == Pattern;
  if (Qualified == Pattern)
    return true;
  return Qualified.size() > Pattern.size() + 2 && Qualified.ends_with(Pattern) &&
         Qualified.drop_back(Pattern.size()).ends_with("::");
}

llvm::StringRef lastComponent(llvm::StringRef Name) {
  size_t Pos = Name.rfind("::");
  return Pos == llvm::StringRef::npos ? Name : Name.substr(Pos + 2);
}

bool matchesAnyName(llvm::StringRef Qualified, const std::vector<std::string> &Patterns) {
  return llvm::any_of(Patterns,
                      [&](const std::string &Pattern) { return nameMatches(Qualified, Pattern); });
}

std::vector<std::string> splitList(llvm::StringRef Value) {
  llvm::SmallVector<llvm::StringRef, 16> Items;
  Value.split(Items, ';', -1, /*KeepEmpty=*/false);
  std::vector<std::string> Result;
  for (llvm::StringRef Item : Items)
    if (!Item.trim().empty())
      Result.push_back(Item.trim().str());
  return Result;
}

std::vector<std::string> withListed(std::vector<std::string> Names, llvm::StringRef Listed) {
  for (std::string &Item : splitList(Listed))
    Names.push_back(std::move(Item));
  return Names;
}

llvm::StringRef identifierName(const NamedDecl *D) {
  return D && D->getDeclName().isIdentifier() ? D->getName() : llvm::StringRef();
}

bool isInConcurRuntime(const NamedDecl *D) {
  return llvm::StringRef(qualifiedName(D)).starts_with("concur::");
}

std::string declKey(const ValueDecl *D) {
  return "d" + std::to_string(reinterpret_cast<uintptr_t>(D->getCanonicalDecl()));
}

std::string displayName(const FunctionDecl *FD) {
  if (const auto *MD = dyn_cast<CXXMethodDecl>(FD)) {
    if (MD->getParent()->isLambda())
      return "lambda";
    return MD->getParent()->getName().str() + "::" + MD->getNameAsString();
  }
  return FD->getNameAsString();
}

} // namespace clang::tidy::concur
