//===--- Awaitables.cpp - concur ------------------------------------------===//

#include "analysis/coroutines/Awaitables.h"
#include "analysis/ast/QualifiedNames.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/StmtCXX.h"

namespace clang::tidy::concur {

namespace {

/// The methods named \p Name of \p RD and of its bases.
void methodsNamed(const CXXRecordDecl *RD, llvm::StringRef Name,
                  llvm::SmallVectorImpl<const NamedDecl *> &Out, unsigned Depth = 0) {
  if (!RD || !RD->hasDefinition() || Depth > 8)
    return;
  RD = RD->getDefinition();
  for (const Decl *D : RD->decls()) {
    const auto *ND = dyn_cast<NamedDecl>(D);
    if (!ND || !ND->getDeclName().isIdentifier() || ND->getName() != Name)
      continue;
    if (isa<CXXMethodDecl>(ND) || isa<FunctionTemplateDecl>(ND))
      Out.push_back(ND);
  }
  for (const CXXBaseSpecifier &Base : RD->bases())
    methodsNamed(Base.getType()->getAsCXXRecordDecl(), Name, Out, Depth + 1);
}

bool hasMethod(const CXXRecordDecl *RD, llvm::StringRef Name) {
  llvm::SmallVector<const NamedDecl *, 2> Found;
  methodsNamed(RD, Name, Found);
  return !Found.empty();
}

/// A member `operator co_await` (concurrencpp's lazy_result, cppcoro's task).
bool hasCoawaitOperator(const CXXRecordDecl *RD) {
  if (!RD || !RD->hasDefinition())
    return false;
  return llvm::any_of(RD->getDefinition()->methods(), [](const CXXMethodDecl *M) {
    return M->getOverloadedOperator() == OO_Coawait;
  });
}

bool isAwaiter(const CXXRecordDecl *RD) {
  return hasMethod(RD, "await_ready") && hasMethod(RD, "await_suspend") &&
         hasMethod(RD, "await_resume");
}

/// What `return <bool literal>;` an await_ready's body makes, if that is all it does.
std::optional<bool> constantReady(const CXXRecordDecl *Awaiter) {
  llvm::SmallVector<const NamedDecl *, 2> Found;
  methodsNamed(Awaiter, "await_ready", Found);
  if (Found.size() != 1)
    return std::nullopt;
  const auto *Method = dyn_cast<CXXMethodDecl>(Found.front());
  const auto *Body = Method ? dyn_cast_or_null<CompoundStmt>(Method->getBody()) : nullptr;
  if (!Body || Body->size() != 1)
    return std::nullopt;
  const auto *Return = dyn_cast<ReturnStmt>(Body->body_front());
  const Expr *Value = Return ? Return->getRetValue() : nullptr;
  if (const auto *Literal =
          dyn_cast_or_null<CXXBoolLiteralExpr>(Value ? Value->IgnoreParenImpCasts() : nullptr))
    return Literal->getValue();
  return std::nullopt;
}

/// Does the promise suspend before the coroutine's body runs?
std::optional<bool> startsSuspended(const CXXRecordDecl *Promise) {
  llvm::SmallVector<const NamedDecl *, 2> Found;
  methodsNamed(Promise, "initial_suspend", Found);
  if (Found.size() != 1 || !isa<CXXMethodDecl>(Found.front()))
    return std::nullopt;
  QualType Result = cast<CXXMethodDecl>(Found.front())->getReturnType();
  std::string Name = recordName(Result);
  if (Name == "std::suspend_always")
    return true;
  if (Name == "std::suspend_never")
    return false;
  if (std::optional<bool> Ready = constantReady(Result->getAsCXXRecordDecl()))
    return !*Ready;
  return std::nullopt;
}

} // namespace

const CXXRecordDecl *promiseOf(const CXXRecordDecl *Coroutine) {
  if (!Coroutine || !Coroutine->hasDefinition())
    return nullptr;
  const CXXRecordDecl *Def = Coroutine->getDefinition();
  for (const NamedDecl *ND : Def->lookup(&Coroutine->getASTContext().Idents.get("promise_type"))) {
    if (const auto *Record = dyn_cast<CXXRecordDecl>(ND))
      return Record;
    if (const auto *Alias = dyn_cast<TypedefNameDecl>(ND))
      return Alias->getUnderlyingType()->getAsCXXRecordDecl();
  }
  // `R::promise_type` finds a base's member too: async_simple's Lazy<T>
  // inherits its promise_type from LazyBase<T, bool>.
  for (const CXXBaseSpecifier &Base : Def->bases())
    if (const CXXRecordDecl *Promise = promiseOf(Base.getType()->getAsCXXRecordDecl()))
      return Promise;
  return nullptr;
}

AwaitableKind classifyAwaitable(QualType T, const std::vector<std::string> &LazyTaskTypes) {
  if (T.isNull() || T->isDependentType())
    return AwaitableKind::None;
  const CXXRecordDecl *RD = T.getNonReferenceType()->getAsCXXRecordDecl();
  if (!RD || !RD->hasDefinition())
    return AwaitableKind::None;
  std::string Name = recordName(T.getNonReferenceType());
  if (matchesAnyName(Name, LazyTaskTypes))
    return AwaitableKind::LazyTask;
  if (const CXXRecordDecl *Promise = promiseOf(RD)) {
    std::optional<bool> Suspended = startsSuspended(Promise);
    if (!Suspended)
      return AwaitableKind::None;
    // It yields and cannot be awaited: a generator, which runs as it is iterated.
    if (*Suspended && hasMethod(Promise, "yield_value") && !isAwaiter(RD) &&
        !hasCoawaitOperator(RD))
      return AwaitableKind::Generator;
    return *Suspended ? AwaitableKind::LazyTask : AwaitableKind::EagerTask;
  }
  return isAwaiter(RD) ? AwaitableKind::Awaiter : AwaitableKind::None;
}

bool promiseAccepts(const CXXRecordDecl *Promise, QualType T) {
  llvm::SmallVector<const NamedDecl *, 4> Transforms;
  methodsNamed(Promise, "await_transform", Transforms);
  if (Transforms.empty())
    return true;
  const CXXRecordDecl *Awaited = T.getNonReferenceType()->getAsCXXRecordDecl();
  for (const NamedDecl *ND : Transforms) {
    if (isa<FunctionTemplateDecl>(ND))
      return true;
    const auto *Method = cast<CXXMethodDecl>(ND);
    if (Method->getNumParams() != 1)
      continue;
    const CXXRecordDecl *Param =
        Method->getParamDecl(0)->getType().getNonReferenceType()->getAsCXXRecordDecl();
    if (Param && Awaited &&
        (Param->getCanonicalDecl() == Awaited->getCanonicalDecl() ||
         (Awaited->hasDefinition() && Awaited->isDerivedFrom(Param))))
      return true;
  }
  return false;
}

} // namespace clang::tidy::concur
