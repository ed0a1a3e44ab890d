//===--- ThreadWrappers.cpp - concur --------------------------------------===//

#include "analysis/threads/ThreadWrappers.h"
#include "analysis/ast/QualifiedNames.h"
#include "llvm/ADT/SmallVector.h"

namespace clang::tidy::concur {

/// `std::forward<F>(f)`, `std::move(f)`, casts and temporaries: the expression
/// they pass on.
static const Expr *passedOn(const Expr *E) {
  for (int Depth = 0; E && Depth < 8; ++Depth) {
    E = E->IgnoreUnlessSpelledInSource();
    const auto *Call = dyn_cast<CallExpr>(E);
    const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
    if (!Callee || Call->getNumArgs() != 1)
      return E;
    std::string Name = qualifiedName(Callee);
    if (Name != "std::forward" && Name != "std::move")
      return E;
    E = Call->getArg(0);
  }
  return E;
}

static const ParmVarDecl *parameterNamed(const Expr *E, const CXXConstructorDecl *Ctor) {
  const auto *Ref = dyn_cast_or_null<DeclRefExpr>(passedOn(E));
  const auto *Param = Ref ? dyn_cast<ParmVarDecl>(Ref->getDecl()) : nullptr;
  return Param && Param->getDeclContext() == Ctor ? Param : nullptr;
}

/// Every expression under \p S, lambdas' bodies included.
template <typename Fn> static void forEachExpr(const Stmt *S, Fn &&Visit) {
  if (!S)
    return;
  if (const auto *E = dyn_cast<Expr>(S))
    Visit(E);
  if (const auto *Lambda = dyn_cast<LambdaExpr>(S)) {
    forEachExpr(Lambda->getBody(), Visit);
    for (const Expr *Init : Lambda->capture_inits())
      forEachExpr(Init, Visit);
    return;
  }
  for (const Stmt *Child : S->children())
    forEachExpr(Child, Visit);
}

/// The variable a call invokes: `f()`, `f(x)` on a function object or a
/// function pointer, `std::invoke(f, ...)`.
static const VarDecl *invokedVariable(const Expr *E) {
  const Expr *Target = nullptr;
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E)) {
    if (Op->getOperator() == OO_Call && Op->getNumArgs() >= 1)
      Target = Op->getArg(0);
  } else if (const auto *Call = dyn_cast<CallExpr>(E)) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (Callee && qualifiedName(Callee) == "std::invoke" && Call->getNumArgs() >= 1)
      Target = Call->getArg(0);
    else if (!Callee)
      Target = Call->getCallee();
  }
  const auto *Ref = dyn_cast_or_null<DeclRefExpr>(passedOn(Target));
  return Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
}

/// The constructor's parameters the thread's lambda calls, through its
/// captures (`[f = std::forward<F>(f)] { f(); }` or `[&f] { f(); }`).
static llvm::SmallVector<const ParmVarDecl *, 2> invokedParameters(const LambdaExpr *Lambda,
                                                                   const CXXConstructorDecl *Ctor) {
  llvm::DenseMap<const VarDecl *, const ParmVarDecl *> FromParam;
  for (const LambdaCapture &C : Lambda->captures()) {
    if (!C.capturesVariable())
      continue;
    const auto *V = dyn_cast<VarDecl>(C.getCapturedVar());
    if (!V)
      continue;
    if (const auto *P = dyn_cast<ParmVarDecl>(V); P && P->getDeclContext() == Ctor)
      FromParam[V] = P;
    else if (V->isInitCapture())
      if (const ParmVarDecl *P = parameterNamed(V->getInit(), Ctor))
        FromParam[V] = P;
  }
  llvm::SmallVector<const ParmVarDecl *, 2> Invoked;
  forEachExpr(Lambda->getBody(), [&](const Expr *E) {
    if (const VarDecl *V = invokedVariable(E))
      if (const ParmVarDecl *P = FromParam.lookup(V); P && !llvm::is_contained(Invoked, P))
        Invoked.push_back(P);
  });
  return Invoked;
}

/// The thread constructions that a constructor stores into its class's fields.
static llvm::SmallVector<const CXXConstructExpr *, 1>
storedThreads(const CXXConstructorDecl *Ctor, ThreadTypePredicate IsThreadType) {
  llvm::SmallVector<const CXXConstructExpr *, 1> Found;
  auto Collect = [&](const Stmt *S) {
    forEachExpr(S, [&](const Expr *E) {
      const auto *Construct = dyn_cast<CXXConstructExpr>(E);
      if (!Construct || Construct->getNumArgs() == 0 ||
          Construct->getConstructor()->isCopyOrMoveConstructor())
        return;
      if (const CXXRecordDecl *RD = Construct->getType()->getAsCXXRecordDecl();
          RD && IsThreadType(RD))
        Found.push_back(Construct);
    });
  };
  for (const CXXCtorInitializer *Init : Ctor->inits())
    if (const FieldDecl *F = Init->getMember())
      if (const CXXRecordDecl *RD = F->getType()->getAsCXXRecordDecl(); RD && IsThreadType(RD))
        Collect(Init->getInit());
  // `m_thread = std::thread(...)` in the body.
  forEachExpr(Ctor->getBody(), [&](const Expr *E) {
    const auto *Assign = dyn_cast<CXXOperatorCallExpr>(E);
    if (!Assign || Assign->getOperator() != OO_Equal || Assign->getNumArgs() != 2)
      return;
    const auto *Member = dyn_cast<MemberExpr>(Assign->getArg(0)->IgnoreImplicit());
    if (Member && isa<CXXThisExpr>(Member->getBase()->IgnoreImplicit()))
      Collect(Assign->getArg(1));
  });
  return Found;
}

std::optional<unsigned> ThreadWrappers::callableParameter(const CXXConstructorDecl *Ctor,
                                                          ThreadTypePredicate IsThreadType) {
  if (!Ctor)
    return std::nullopt;
  auto [It, Inserted] = Params.try_emplace(Ctor, std::nullopt);
  if (!Inserted)
    return It->second;
  std::optional<unsigned> Result;
  if (Ctor->hasBody() && !Ctor->isCopyOrMoveConstructor() && !IsThreadType(Ctor->getParent())) {
    // The pattern's parameter types say which is the callable (`F &&f`) when
    // the constructor is a template; its callbacks are usually std::function.
    const FunctionDecl *Pattern = Ctor->getTemplateInstantiationPattern();
    auto IsTemplateParam = [&](const ParmVarDecl *P) {
      return Pattern && P->getFunctionScopeIndex() < Pattern->getNumParams() &&
             Pattern->getParamDecl(P->getFunctionScopeIndex())->getType()->isDependentType();
    };
    for (const CXXConstructExpr *Thread : storedThreads(Ctor, IsThreadType)) {
      if (const ParmVarDecl *P = parameterNamed(Thread->getArg(0), Ctor)) {
        Result = P->getFunctionScopeIndex();
        break;
      }
      const auto *Lambda = dyn_cast<LambdaExpr>(passedOn(Thread->getArg(0)));
      if (!Lambda)
        continue;
      llvm::SmallVector<const ParmVarDecl *, 2> Invoked = invokedParameters(Lambda, Ctor);
      if (Invoked.empty())
        continue;
      const ParmVarDecl *Chosen = Invoked.front();
      for (const ParmVarDecl *P : Invoked)
        if (IsTemplateParam(P)) {
          Chosen = P;
          break;
        }
      Result = Chosen->getFunctionScopeIndex();
      break;
    }
  }
  Params[Ctor] = Result;
  return Result;
}

bool ThreadWrappers::isWrapper(const CXXRecordDecl *Class, ThreadTypePredicate IsThreadType) {
  if (!Class || !Class->hasDefinition())
    return false;
  Class = Class->getDefinition();
  auto It = Wrappers.find(Class);
  if (It != Wrappers.end())
    return It->second;
  Wrappers[Class] = false; // a constructor that constructs its own class
  bool Found = false;
  for (const Decl *D : Class->decls()) {
    if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(D))
      Found = callableParameter(Ctor, IsThreadType).has_value();
    else if (const auto *Template = dyn_cast<FunctionTemplateDecl>(D))
      for (const FunctionDecl *Spec : Template->specializations())
        if ((Found =
                 callableParameter(dyn_cast<CXXConstructorDecl>(Spec), IsThreadType).has_value()))
          break;
    if (Found)
      break;
  }
  Wrappers[Class] = Found;
  return Found;
}

} // namespace clang::tidy::concur
