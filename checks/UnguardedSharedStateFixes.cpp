//===--- UnguardedSharedStateFixes.cpp - concur ---------------------------===//

#include "UnguardedSharedStateFixes.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/ParentMapContext.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/CharInfo.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"

namespace clang::tidy::concur {

static bool isAtomicScalar(QualType T) {
  if (T.isNull() || T.isVolatileQualified() || T.isConstQualified() || T->isReferenceType())
    return false;
  if (T->isBooleanType())
    return true;
  if (T->isIntegerType() && !T->isEnumeralType())
    return true;
  if (T->isPointerType()) {
    QualType Pointee = T->getPointeeType();
    // `const char *p`: the qualifier has no location in the TypeLoc to rewrite.
    return !Pointee.hasQualifiers() && !Pointee->isFunctionType();
  }
  return false;
}

static const Stmt *parentStmt(const DynTypedNode &Node, ASTContext &Ctx, DynTypedNode &Out) {
  DynTypedNode N = Node;
  for (int Depth = 0; Depth < 4; ++Depth) {
    DynTypedNodeList Parents = Ctx.getParents(N);
    if (Parents.size() != 1)
      return nullptr;
    Out = Parents[0];
    if (Out.get<ParenExpr>()) {
      N = Out;
      continue;
    }
    return Out.get<Stmt>();
  }
  return nullptr;
}

/// Does this use of the scalar keep compiling, with the same meaning, on std::atomic<T>?
static bool isAtomicCompatibleUse(const Expr *Use, QualType T, ASTContext &Ctx) {
  DynTypedNode ParentNode;
  const Stmt *Parent = parentStmt(DynTypedNode::create(*Use), Ctx, ParentNode);
  if (!Parent)
    return false;
  if (const auto *Unary = dyn_cast<UnaryOperator>(Parent))
    return Unary->isIncrementDecrementOp() && !T->isBooleanType();
  if (const auto *Binary = dyn_cast<BinaryOperator>(Parent)) {
    if (Binary->getLHS()->IgnoreParens() != Use)
      return false;
    switch (Binary->getOpcode()) {
    case BO_Assign:
      return true;
    case BO_AddAssign:
    case BO_SubAssign:
      return !T->isBooleanType();
    case BO_AndAssign:
    case BO_OrAssign:
    case BO_XorAssign:
      return T->isIntegerType() && !T->isBooleanType();
    default:
      return false;
    }
  }
  if (isa<UnaryExprOrTypeTraitExpr>(Parent))
    return true; // sizeof
  if (isa<LambdaExpr>(Parent))
    return true; // A capture by reference (by-copy captures are refused by the caller).
  const auto *Load = dyn_cast<ImplicitCastExpr>(Parent);
  if (!Load || Load->getCastKind() != CK_LValueToRValue)
    return false;
  // A load converts implicitly, except where nothing says to what.
  DynTypedNode UseNode;
  const Stmt *Outer = parentStmt(DynTypedNode::create(*Load), Ctx, UseNode);
  if (const auto *V = UseNode.get<VarDecl>()) {
    const TypeSourceInfo *TSI = V->getTypeSourceInfo();
    return !(TSI && TSI->getType()->getContainedDeducedType());
  }
  if (!Outer)
    return true;
  if (isa<LambdaExpr>(Outer))
    return false; // A by-copy capture would copy the atomic.
  if (const auto *Call = dyn_cast<CallExpr>(Outer)) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (!Callee)
      return false;
    unsigned Offset = isa<CXXOperatorCallExpr>(Call) && isa<CXXMethodDecl>(Callee) ? 1 : 0;
    for (unsigned I = 0; I < Call->getNumArgs(); ++I)
      if (Call->getArg(I)->IgnoreParens() == Load && I >= Callee->getNumParams() + Offset)
        return false; // A variadic argument: printf("%d", hits).
    return true;
  }
  if (const auto *Return = dyn_cast<ReturnStmt>(Outer)) {
    (void)Return;
    for (DynTypedNode N = UseNode;;) {
      DynTypedNodeList Parents = Ctx.getParents(N);
      if (Parents.empty())
        return true;
      N = Parents[0];
      if (const auto *FD = N.get<FunctionDecl>())
        return !FD->getDeclaredReturnType()->getContainedDeducedType();
      if (N.get<LambdaExpr>())
        return false;
    }
  }
  return true;
}

namespace {
class UseFinder : public RecursiveASTVisitor<UseFinder> {
public:
  UseFinder(const ValueDecl *D, ASTContext &Ctx) : D(D), Ctx(Ctx) {}
  bool Compatible = true;
  bool shouldVisitTemplateInstantiations() const { return true; }
  bool shouldVisitImplicitCode() const { return true; }

  bool VisitDeclRefExpr(DeclRefExpr *E) {
    if (E->getDecl()->getCanonicalDecl() == D->getCanonicalDecl())
      check(E);
    return Compatible;
  }
  bool VisitMemberExpr(MemberExpr *E) {
    if (E->getMemberDecl()->getCanonicalDecl() == D->getCanonicalDecl())
      check(E);
    return Compatible;
  }
  bool VisitLambdaExpr(LambdaExpr *L) {
    for (const LambdaCapture &C : L->captures())
      if (C.capturesVariable() && C.getCaptureKind() == LCK_ByCopy &&
          C.getCapturedVar()->getCanonicalDecl() == D->getCanonicalDecl())
        Compatible = false;
    return Compatible;
  }
  bool VisitCXXDependentScopeMemberExpr(CXXDependentScopeMemberExpr *E) {
    if (isa<FieldDecl>(D) && E->getMember().getAsString() == D->getNameAsString() &&
        !Ctx.getSourceManager().isInSystemHeader(E->getExprLoc()))
      Compatible = false; // A template may use it in ways we cannot see yet.
    return Compatible;
  }

private:
  void check(const Expr *E) {
    if (!isAtomicCompatibleUse(E, D->getType(), Ctx))
      Compatible = false;
  }
  const ValueDecl *D;
  ASTContext &Ctx;
};
} // namespace

/// Is a class with this field copied or moved by an implicit member? std::atomic is neither.
static bool isCopiedImplicitly(const CXXRecordDecl *RD) {
  for (const CXXConstructorDecl *Ctor : RD->ctors())
    if (Ctor->isCopyOrMoveConstructor() && Ctor->isUsed() && !Ctor->isUserProvided())
      return true;
  for (const CXXMethodDecl *MD : RD->methods())
    if ((MD->isCopyAssignmentOperator() || MD->isMoveAssignmentOperator()) && MD->isUsed() &&
        !MD->isUserProvided())
      return true;
  return false;
}

/// Shares its type specifier with another declarator (`int a, b;`).
static bool sharesDeclarator(const DeclaratorDecl *D) {
  const DeclContext *DC = D->getLexicalDeclContext();
  for (const Decl *Other : DC->decls())
    if (Other != D && Other->getBeginLoc() == D->getBeginLoc())
      return true;
  return false;
}

std::optional<AtomicFix> makeAtomicFix(const ValueDecl *D, ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  const auto *DD = dyn_cast<DeclaratorDecl>(D);
  if (!DD || isa<ParmVarDecl>(D) || !isAtomicScalar(D->getType()))
    return std::nullopt;
  if (const auto *Field = dyn_cast<FieldDecl>(D)) {
    // A C struct is copied by assignment, which an _Atomic member makes a
    // non-atomic copy of; only C++ classes say whether they are copied.
    const auto *Class = dyn_cast<CXXRecordDecl>(Field->getParent());
    if (!Class || Field->isBitField() || isCopiedImplicitly(Class))
      return std::nullopt;
  }
  std::vector<const DeclaratorDecl *> Decls;
  if (const auto *V = dyn_cast<VarDecl>(D)) {
    // Defined in another TU (seen here through the project index): that
    // definition would keep the old type, and the program would not build.
    if (V->hasExternalStorage() && !V->getDefinition())
      return std::nullopt;
    for (const VarDecl *R : V->redecls())
      Decls.push_back(R);
  } else {
    Decls.push_back(DD);
  }
  AtomicFix Fix;
  for (const DeclaratorDecl *R : Decls) {
    const TypeSourceInfo *TSI = R->getTypeSourceInfo();
    if (!TSI || SM.isInSystemHeader(R->getLocation()) || R->getBeginLoc().isMacroID() ||
        R->getLocation().isMacroID() || sharesDeclarator(R))
      return std::nullopt;
    SourceLocation Begin = R->getTypeSpecStartLoc();
    SourceLocation End = TSI->getTypeLoc().getEndLoc();
    if (Begin.isInvalid() || End.isInvalid() || Begin.isMacroID() || End.isMacroID())
      return std::nullopt;
    CharSourceRange Range = CharSourceRange::getTokenRange(Begin, End);
    llvm::StringRef Text = Lexer::getSourceText(Range, SM, Ctx.getLangOpts());
    if (Text.empty() || Text.contains("auto") || Text.contains("decltype"))
      return std::nullopt;
    std::string Type = Text.rtrim().str();
    bool IsC = !Ctx.getLangOpts().CPlusPlus;
    std::string Atomic = IsC ? "_Atomic(" + Type + ")" : "std::atomic<" + Type + ">";
    Fix.NeedsAtomicHeader = !IsC;
    if (Fix.AtomicType.empty())
      Fix.AtomicType = Atomic;
    // `Node *current`: the name followed the star directly.
    SourceLocation After = Lexer::getLocForEndOfToken(End, 0, SM, Ctx.getLangOpts());
    bool Glued = After.isValid() && !isWhitespace(*SM.getCharacterData(After));
    Fix.Edits.push_back(FixItHint::CreateReplacement(Range, Atomic + (Glued ? " " : "")));
  }
  UseFinder Finder(D, Ctx);
  Finder.TraverseAST(Ctx);

  if (!Finder.Compatible || Fix.Edits.empty())
    return std::nullopt;
  return Fix;
}

} // namespace clang::tidy::concur
