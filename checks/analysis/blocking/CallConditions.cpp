//===--- CallConditions.cpp - concur --------------------------------------===//

#include "analysis/blocking/CallConditions.h"
#include "analysis/ast/QualifiedNames.h"
#include "clang/AST/ExprCXX.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/ADT/StringExtras.h"

namespace clang::tidy::concur {

llvm::SmallVector<const Expr *, 8> explicitArguments(const Expr *Call) {
  llvm::SmallVector<const Expr *, 8> Args;
  auto Keep = [&](const Expr *A) {
    if (!isa<CXXDefaultArgExpr>(A))
      Args.push_back(A);
  };
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call)) {
    bool IsMember = isa_and_nonnull<CXXMethodDecl>(Op->getDirectCallee());
    for (unsigned I = IsMember ? 1 : 0; I < Op->getNumArgs(); ++I)
      Keep(Op->getArg(I));
  } else if (const auto *CE = dyn_cast<CallExpr>(Call)) {
    for (const Expr *A : CE->arguments())
      Keep(A);
  } else if (const auto *Ctor = dyn_cast<CXXConstructExpr>(Call)) {
    for (const Expr *A : Ctor->arguments())
      Keep(A);
  }
  return Args;
}

const Expr *receiverOf(const Expr *Call) {
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call))
    return Member->getImplicitObjectArgument();
  if (const auto *CE = dyn_cast<CallExpr>(Call))
    return CE->getNumArgs() > 0 ? CE->getArg(0) : nullptr;
  return nullptr;
}

static const Expr *strip(const Expr *E) {
  return E->IgnoreParenImpCasts()->IgnoreImplicit()->IgnoreParenImpCasts();
}

static bool isZero(const Expr *E, ASTContext &Ctx) {
  Expr::EvalResult Result;
  if (E->isValueDependent() || !E->EvaluateAsInt(Result, Ctx))
    return false;
  return Result.Val.getInt().isZero();
}

/// The spelling of \p E in the file, macros unexpanded ("MSG_DONTWAIT | X").
static llvm::StringRef spelling(const Expr *E, ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  CharSourceRange Range = SM.getExpansionRange(E->getSourceRange());
  return Lexer::getSourceText(Range, SM, Ctx.getLangOpts());
}

/// Is \p Ident a whole word of \p Text? With \p SetOnly, a word right after
/// `~` (a mask that clears the flag) does not count.
static bool mentionsIdentifier(llvm::StringRef Text, llvm::StringRef Ident, bool SetOnly = false) {
  auto IsIdentChar = [](char C) { return llvm::isAlnum(C) || C == '_'; };
  for (size_t Pos = Text.find(Ident); Pos != llvm::StringRef::npos;
       Pos = Text.find(Ident, Pos + 1)) {
    bool StartOk = Pos == 0 || !IsIdentChar(Text[Pos - 1]);
    size_t End = Pos + Ident.size();
    bool EndOk = End >= Text.size() || !IsIdentChar(Text[End]);
    bool Cleared = SetOnly && Text.take_front(Pos).rtrim().ends_with("~");
    if (StartOk && EndOk && !Cleared)
      return true;
  }
  return false;
}

bool spellingMentions(const Expr *E, llvm::StringRef Ident, ASTContext &Ctx) {
  // `const int flags = MSG_DONTWAIT; recv(fd, b, n, flags)`: a constant's
  // initializer says what it holds (a variable that may change does not).
  // A few steps at most: `const int x = x;` compiles.
  for (int Depth = 0; Depth < 4; ++Depth) {
    if (mentionsIdentifier(spelling(E, Ctx), Ident))
      return true;
    const auto *Ref = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts());
    const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
    // Not a parameter: its "initializer" is a default argument a caller may override.
    if (!Var || isa<ParmVarDecl>(Var) || !Var->getType().isConstQualified() ||
        !Var->getAnyInitializer())
      return false;
    E = Var->getAnyInitializer();
  }
  return false;
}

/// Calls \p Visit on the right-hand side of every `Var = ...` and
/// `Var |= ...` under \p S.
static void forEachAssignmentTo(const Stmt *S, const VarDecl *Var,
                                llvm::function_ref<void(const Expr *)> Visit) {
  if (!S)
    return;
  if (const auto *Assign = dyn_cast<BinaryOperator>(S);
      Assign && (Assign->getOpcode() == BO_Assign || Assign->getOpcode() == BO_OrAssign))
    if (const auto *Ref = dyn_cast<DeclRefExpr>(Assign->getLHS()->IgnoreParenImpCasts());
        Ref && Ref->getDecl() == Var)
      Visit(Assign->getRHS());
  for (const Stmt *Child : S->children())
    forEachAssignmentTo(Child, Var, Visit);
}

static bool spellingSets(const Expr *E, llvm::StringRef Ident, ASTContext &Ctx, unsigned Depth) {
  if (mentionsIdentifier(spelling(E, Ctx), Ident, /*SetOnly=*/true))
    return true;
  // A few steps at most: `f = g; g = f;` compiles.
  const auto *Ref = dyn_cast<DeclRefExpr>(strip(E));
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  // Not a parameter: what it holds is up to each caller.
  if (Depth >= 4 || !Var || isa<ParmVarDecl>(Var))
    return false;
  if (const Expr *Init = Var->getAnyInitializer();
      Init && spellingSets(Init, Ident, Ctx, Depth + 1))
    return true;
  // A local's every writer is in its function; a global's may be anywhere,
  // so of a global only the initializer (above) is read.
  const auto *Fn = dyn_cast_or_null<FunctionDecl>(Var->getParentFunctionOrMethod());
  if (!Var->isLocalVarDecl() || !Fn)
    return false;
  bool Sets = false;
  forEachAssignmentTo(Fn->getBody(), Var, [&](const Expr *Value) {
    Sets = Sets || spellingSets(Value, Ident, Ctx, Depth + 1);
  });
  return Sets;
}

bool spellingSets(const Expr *E, llvm::StringRef Ident, ASTContext &Ctx) {
  return spellingSets(E, Ident, Ctx, 0);
}

/// `0s`, `std::chrono::milliseconds(0)`, `std::chrono::seconds{}`,
/// `std::chrono::seconds::zero()`, or a conversion of one of those.
static bool isZeroDuration(const Expr *E, ASTContext &Ctx) {
  E = strip(E);
  // A constant duration: its one member (the tick count) is zero. Covers
  // `0s` (a literal operator template has no cooked literal) and constexpr
  // variables.
  Expr::EvalResult Constant;
  if (!E->isValueDependent() && E->getType()->isRecordType() &&
      E->EvaluateAsRValue(Constant, Ctx) && Constant.Val.isStruct() &&
      Constant.Val.getStructNumFields() >= 1) {
    const APValue &Ticks = Constant.Val.getStructField(0);
    if (Ticks.isInt())
      return Ticks.getInt().isZero();
    if (Ticks.isFloat())
      return Ticks.getFloat().isZero();
  }
  if (const auto *UDL = dyn_cast<UserDefinedLiteral>(E)) {
    const Expr *Cooked = UDL->getCookedLiteral();
    if (const auto *Int = dyn_cast_or_null<IntegerLiteral>(Cooked))
      return Int->getValue().isZero();
    if (const auto *Float = dyn_cast_or_null<FloatingLiteral>(Cooked))
      return Float->getValue().isZero();
    return false;
  }
  if (const auto *Cast = dyn_cast<CXXFunctionalCastExpr>(E))
    return isZeroDuration(Cast->getSubExpr(), Ctx);
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E)) {
    if (Construct->getNumArgs() == 0)
      return true; // A value-initialised duration is zero.
    if (Construct->getNumArgs() == 1)
      return isZeroDuration(Construct->getArg(0), Ctx);
    return false;
  }
  if (const auto *List = dyn_cast<InitListExpr>(E))
    return List->getNumInits() == 0 ||
           (List->getNumInits() == 1 && isZeroDuration(List->getInit(0), Ctx));
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (identifierName(Callee) == "zero")
      return true;
    if (identifierName(Callee) == "duration_cast" && Call->getNumArgs() == 1)
      return isZeroDuration(Call->getArg(0), Ctx);
    return false;
  }
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    const auto *Var = dyn_cast<VarDecl>(Ref->getDecl());
    if (Var && Var->getType().isConstQualified() && Var->getInit())
      return isZeroDuration(Var->getInit(), Ctx);
    return false;
  }
  return isZero(E, Ctx);
}

/// `&tv` where `tv` was declared `timeval tv{}` or `= {0, 0}`.
static bool isZeroTimeval(const Expr *E, ASTContext &Ctx) {
  const auto *AddrOf = dyn_cast<UnaryOperator>(strip(E));
  if (!AddrOf || AddrOf->getOpcode() != UO_AddrOf)
    return false;
  const auto *Ref = dyn_cast<DeclRefExpr>(strip(AddrOf->getSubExpr()));
  const auto *Var = Ref ? dyn_cast<VarDecl>(Ref->getDecl()) : nullptr;
  if (!Var || !Var->getInit())
    return false;
  const auto *List = dyn_cast<InitListExpr>(strip(Var->getInit()));
  if (!List)
    return false;
  for (const Expr *Init : List->inits())
    if (!isa<ImplicitValueInitExpr>(Init) && !isZero(Init, Ctx))
      return false;
  return true;
}

static bool refersTo(const Expr *E, llvm::StringRef Name) {
  if (!E)
    return false;
  const auto *Ref = dyn_cast<DeclRefExpr>(strip(E));
  return Ref && nameMatches(qualifiedName(Ref->getDecl()), "::" + Name.str());
}

static bool holds(const ArgCondition &C, const Expr *Call, llvm::ArrayRef<const Expr *> Args,
                  ASTContext &Ctx, const NonBlockingDescriptors *Descriptors) {
  using K = ArgCondition::Kind;
  if (C.K == K::MinArgs)
    return Args.size() >= C.Arg;
  if (C.K == K::ReceiverIs)
    return refersTo(receiverOf(Call), C.Text);
  if (C.Arg >= Args.size())
    return false;
  const Expr *Arg = Args[C.Arg];
  if (Arg->isValueDependent() || Arg->isTypeDependent())
    return false;
  switch (C.K) {
  case K::IsZero:
    return isZero(Arg, Ctx);
  case K::HasFlag:
    return spellingMentions(Arg, C.Text, Ctx);
  case K::IsZeroDuration:
    return isZeroDuration(Arg, Ctx);
  case K::IsZeroTimeval:
    return isZeroTimeval(Arg, Ctx);
  case K::NonBlockingDescriptor:
    return Descriptors && Descriptors->contains(Arg);
  default:
    return false;
  }
}

bool callBlocks(const CatalogEntry &Entry, const Expr *Call, ASTContext &Ctx,
                const NonBlockingDescriptors *Descriptors) {
  llvm::SmallVector<const Expr *, 8> Args = explicitArguments(Call);
  for (const ArgCondition &C : Entry.OnlyIf)
    if (!holds(C, Call, Args, Ctx, Descriptors))
      return false;
  for (const ArgCondition &C : Entry.NonBlockingIf)
    if (holds(C, Call, Args, Ctx, Descriptors))
      return false;
  return true;
}

} // namespace clang::tidy::concur
