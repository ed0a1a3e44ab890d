//===--- AccessPaths.cpp - concur -----------------------------------------===//

#include "analysis/races/AccessPaths.h"
#include "analysis/ast/QualifiedNames.h"
#include "analysis/races/AtomicOrdering.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/raw_ostream.h"
#include <utility>

namespace clang::tidy::concur {

bool AccessPath::isPrefixOf(const AccessPath &O) const {
  if (Root != O.Root || ThisClass != O.ThisClass || Steps.size() >= O.Steps.size())
    return false;
  for (size_t I = 0; I < Steps.size(); ++I)
    if (!(Steps[I] == O.Steps[I]))
      return false;
  return true;
}

/// The C++ memory model's memory location: a maximal run of adjacent
/// bit-fields of non-zero width is one.
static bool sameBitFieldRun(const FieldDecl *A, const FieldDecl *B) {
  if (!A->isBitField() || !B->isBitField() || A->getParent() != B->getParent())
    return false;
  bool InRun = false;
  for (const FieldDecl *F : A->getParent()->fields()) {
    bool Member = F == A || F == B;
    if (!F->isBitField() || F->isZeroLengthBitField(F->getASTContext())) {
      if (InRun)
        return false; // the run ended before reaching the other
      continue;
    }
    if (Member) {
      if (InRun)
        return true;
      InRun = true;
    }
  }
  return false;
}

bool PathStep::mayAlias(const PathStep &O) const {
  if (K != O.K)
    return false;
  switch (K) {
  case Kind::Deref:
    return true;
  case Kind::Element:
    return !Index || !O.Index || *Index == *O.Index;
  case Kind::Field:
    return Field == O.Field || sameBitFieldRun(Field, O.Field);
  }
  return true;
}

bool AccessPath::mayAlias(const AccessPath &O) const {
  if (Root != O.Root || ThisClass != O.ThisClass || Steps.size() != O.Steps.size())
    return false;
  for (size_t I = 0; I < Steps.size(); ++I)
    if (!Steps[I].mayAlias(O.Steps[I]))
      return false;
  return true;
}

bool AccessPath::mayBePrefixOf(const AccessPath &O) const {
  if (Root != O.Root || ThisClass != O.ThisClass || Steps.size() >= O.Steps.size())
    return false;
  for (size_t I = 0; I < Steps.size(); ++I)
    if (!Steps[I].mayAlias(O.Steps[I]))
      return false;
  return true;
}

bool AccessPath::hasElementStep() const {
  for (const PathStep &S : Steps)
    if (S.K == PathStep::Kind::Element)
      return true;
  return false;
}

std::string AccessPath::key() const {
  std::string Key;
  llvm::raw_string_ostream OS(Key);
  if (Root)
    OS << "v" << static_cast<const void *>(Root->getCanonicalDecl());
  else
    OS << "t" << static_cast<const void *>(ThisClass);
  for (const PathStep &S : Steps) {
    switch (S.K) {
    case PathStep::Kind::Field:
      OS << "." << static_cast<const void *>(S.Field);
      break;
    case PathStep::Kind::Deref:
      OS << "*";
      break;
    case PathStep::Kind::Element:
      OS << "[" << (S.Index ? std::to_string(*S.Index) : "") << "]";
      break;
    }
  }
  return Key;
}

std::string AccessPath::spelling() const {
  std::string S;
  if (Root) {
    S = Root->getNameAsString();
    if (Root->isStaticDataMember())
      if (const auto *RD = dyn_cast<CXXRecordDecl>(Root->getDeclContext()))
        S = RD->getNameAsString() + "::" + S;
  }
  bool PendingDeref = false;
  bool First = true;
  for (const PathStep &Step : Steps) {
    // A reference is spelled as the object it names.
    if (std::exchange(First, false) && Step.K == PathStep::Kind::Deref && Root &&
        Root->getType()->isReferenceType())
      continue;
    switch (Step.K) {
    case PathStep::Kind::Deref:
      if (PendingDeref)
        S = "*" + S;
      PendingDeref = true;
      break;
    case PathStep::Kind::Field: {
      std::string Name = Step.Field->getNameAsString();
      if (S.empty())
        S = Name;
      else
        S += (PendingDeref ? "->" : ".") + Name;
      PendingDeref = false;
      break;
    }
    case PathStep::Kind::Element:
      S += "[" + (Step.Index ? std::to_string(*Step.Index) : std::string()) + "]";
      PendingDeref = false;
      break;
    }
  }
  if (PendingDeref)
    S = S.empty() ? "*this" : "*" + S;
  return S.empty() ? "*this" : S;
}

const ValueDecl *AccessPath::namedDecl() const {
  for (auto It = Steps.rbegin(); It != Steps.rend(); ++It)
    if (It->K == PathStep::Kind::Field)
      return It->Field;
  return Root;
}

static const CXXRecordDecl *enclosingThisClass(const DeclContext *DC) {
  while (DC) {
    if (const auto *MD = dyn_cast<CXXMethodDecl>(DC)) {
      if (!MD->getParent()->isLambda())
        return MD->isInstance() ? MD->getParent()->getCanonicalDecl() : nullptr;
      DC = MD->getParent()->getDeclContext();
      continue;
    }
    if (const auto *RD = dyn_cast<CXXRecordDecl>(DC))
      if (!RD->isLambda())
        return RD->getCanonicalDecl(); // A lambda in a default member initialiser.
    if (isa<FunctionDecl>(DC))
      return nullptr;
    DC = DC->getParent();
  }
  return nullptr;
}

PathBuilder::PathBuilder(const FunctionDecl *F) : F(F) {
  if (const auto *MD = dyn_cast_or_null<CXXMethodDecl>(F)) {
    if (MD->getParent()->isLambda())
      Lambda = MD->getParent();
    ThisClass = enclosingThisClass(MD);
  }
}

std::optional<LambdaCaptureKind> PathBuilder::captureKind(const VarDecl *V) const {
  if (!Lambda)
    return std::nullopt;
  for (const LambdaCapture &C : Lambda->captures())
    if (C.capturesVariable() && C.getCapturedVar() == V)
      return C.getCaptureKind();
  return std::nullopt;
}

bool PathBuilder::isOwn(const VarDecl *V) const {
  if (!F || V->hasGlobalStorage())
    return false;
  return V->getDeclContext() == F;
}

void PathBuilder::setAlias(const VarDecl *V, std::optional<AccessPath> Target) {
  Aliases[V] = std::move(Target);
}

AccessPath PathBuilder::rebase(const AccessPath &P) const {
  if (!P.Root || !isOwn(P.Root) || P.Steps.empty() || P.Steps[0].K != PathStep::Kind::Deref)
    return P;
  auto It = Aliases.find(P.Root);
  if (It == Aliases.end() || !It->second)
    return P;
  AccessPath R = *It->second;
  R.Steps.append(P.Steps.begin() + 1, P.Steps.end());
  return R;
}

static bool inSystemHeader(const Decl *D) {
  return D->getASTContext().getSourceManager().isInSystemHeader(D->getLocation());
}

std::optional<AccessPath> PathBuilder::variable(const VarDecl *V, bool Deref) const {
  V = V->getCanonicalDecl(); // `Meter::instances` in the class and at its definition.
  if (V->getTLSKind() != VarDecl::TLS_None)
    return std::nullopt; // thread_local: every thread has its own.
  if (V->hasGlobalStorage()) {
    if (inSystemHeader(V))
      return std::nullopt; // std::cout and friends: the library synchronises them.
    if (!Deref && (V->isConstexpr() || V->getType().isConstQualified()))
      return std::nullopt; // Never written, so never raced on.
  }
  bool IsReference = V->getType()->isReferenceType();
  if (IsReference || Deref) {
    // A reference designates its referent; a dereferenced pointer its pointee.
    if (isOwn(V)) {
      auto It = Aliases.find(V);
      if (It != Aliases.end()) {
        if (!It->second)
          return std::nullopt;
        if (IsReference && Deref) // A reference to a pointer, dereferenced.
          return It->second->withStep(PathStep::deref());
        return It->second;
      }
    }
    AccessPath P;
    P.Root = V;
    P.Steps.push_back(PathStep::deref());
    if (IsReference && Deref)
      P.Steps.push_back(PathStep::deref());
    return P;
  }
  if (captureKind(V) == LCK_ByCopy)
    return std::nullopt; // The closure's own copy.
  AccessPath P;
  P.Root = V;
  return P;
}

static const Expr *stripNoOps(const Expr *E) {
  while (true) {
    E = E->IgnoreParens();
    if (const auto *Cast = dyn_cast<ImplicitCastExpr>(E)) {
      switch (Cast->getCastKind()) {
      case CK_NoOp:
      case CK_DerivedToBase:
      case CK_UncheckedDerivedToBase:
      case CK_BaseToDerived:
        E = Cast->getSubExpr();
        continue;
      default:
        break;
      }
    }
    if (const auto *Temp = dyn_cast<MaterializeTemporaryExpr>(E)) {
      E = Temp->getSubExpr();
      continue;
    }
    return E;
  }
}

/// An element step, with its index when \p Index is a constant and the
/// elements are separate memory locations.
static PathStep elementAt(const Expr *Index, bool Packed, const ASTContext &Ctx) {
  Expr::EvalResult R;
  if (!Packed && Index && !Index->isValueDependent() && Index->EvaluateAsInt(R, Ctx) &&
      R.Val.getInt().getSignificantBits() <= 64)
    return PathStep::element(R.Val.getInt().getExtValue());
  return PathStep::element();
}

std::optional<AccessPath> PathBuilder::lvalue(const Expr *E) const {
  if (!E)
    return std::nullopt;
  E = stripNoOps(E);
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    if (const auto *V = dyn_cast<VarDecl>(Ref->getDecl()))
      return variable(V, /*Deref=*/false);
    return std::nullopt;
  }
  if (const auto *Member = dyn_cast<MemberExpr>(E)) {
    if (const auto *V = dyn_cast<VarDecl>(Member->getMemberDecl()))
      return variable(V, false); // A static data member.
    const auto *Field = dyn_cast<FieldDecl>(Member->getMemberDecl());
    if (!Field)
      return std::nullopt;
    std::optional<AccessPath> Base =
        Member->isArrow() ? pointee(Member->getBase()) : lvalue(Member->getBase());
    if (!Base)
      return std::nullopt;
    return Base->withStep(PathStep::field(Field));
  }
  if (const auto *Unary = dyn_cast<UnaryOperator>(E)) {
    if (Unary->getOpcode() == UO_Deref)
      return pointee(Unary->getSubExpr());
    return std::nullopt;
  }
  if (const auto *Subscript = dyn_cast<ArraySubscriptExpr>(E)) {
    std::optional<AccessPath> Base = pointee(Subscript->getBase());
    LastIndex = Subscript->getIdx();
    if (!Base)
      return std::nullopt;
    return Base->withStep(elementAt(Subscript->getIdx(), /*Packed=*/false, F->getASTContext()));
  }
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E)) {
    if (Op->getNumArgs() >= 1) {
      QualType ObjectType = Op->getArg(0)->getType();
      if (Op->getOperator() == OO_Subscript && Op->getNumArgs() == 2 &&
          isSequenceContainer(ObjectType)) {
        std::optional<AccessPath> Base = lvalue(Op->getArg(0));
        LastIndex = Op->getArg(1);
        if (!Base)
          return std::nullopt;
        // vector<bool> packs its elements into words: any two may share one.
        std::optional<QualType> Element = firstTypeArgument(ObjectType);
        return Base->withStep(elementAt(Op->getArg(1),
                                        Element && (*Element)->isBooleanType() &&
                                            recordName(ObjectType) == "std::vector",
                                        F->getASTContext()));
      }
      if (Op->getOperator() == OO_Star && isSmartPointer(ObjectType))
        if (std::optional<AccessPath> Base = lvalue(Op->getArg(0)))
          return Base->withStep(PathStep::deref());
    }
    return std::nullopt;
  }
  return std::nullopt;
}

std::optional<AccessPath> PathBuilder::pointee(const Expr *E) const {
  if (!E)
    return std::nullopt;
  E = E->IgnoreParens();
  while (const auto *Temp = dyn_cast<MaterializeTemporaryExpr>(E))
    E = Temp->getSubExpr()->IgnoreParens(); // Arguments of std::thread's constructor.
  if (const auto *Cast = dyn_cast<CastExpr>(E)) {
    if (Cast->getCastKind() == CK_ArrayToPointerDecay)
      return lvalue(Cast->getSubExpr());
    if (Cast->getCastKind() == CK_LValueToRValue) {
      const Expr *Sub = stripNoOps(Cast->getSubExpr());
      if (const auto *Ref = dyn_cast<DeclRefExpr>(Sub))
        if (const auto *V = dyn_cast<VarDecl>(Ref->getDecl()))
          return variable(V, /*Deref=*/true);
      if (std::optional<AccessPath> P = lvalue(Sub))
        return P->withStep(PathStep::deref());
      return std::nullopt;
    }
    // Pointer conversions (static_cast<Data *>(arg), derived to base) keep the pointee.
    return pointee(Cast->getSubExpr());
  }
  if (const auto *Unary = dyn_cast<UnaryOperator>(E)) {
    if (Unary->getOpcode() == UO_AddrOf)
      return lvalue(Unary->getSubExpr());
    return std::nullopt;
  }
  // `buf + 5`, `p - 1`: an element of the same array, as `&buf[5]` is.
  if (const auto *Arith = dyn_cast<BinaryOperator>(E);
      Arith && Arith->isAdditiveOp() && Arith->getType()->isPointerType()) {
    bool PointerLeft = Arith->getLHS()->getType()->isPointerType();
    std::optional<AccessPath> Base = pointee(PointerLeft ? Arith->getLHS() : Arith->getRHS());
    LastIndex = PointerLeft ? Arith->getRHS() : Arith->getLHS();
    if (!Base)
      return std::nullopt;
    return Base->withStep(PathStep::element());
  }
  if (isa<CXXThisExpr>(E)) {
    if (!ThisClass)
      return std::nullopt;
    AccessPath P;
    P.ThisClass = ThisClass;
    return P;
  }
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E)) {
    // A reference to a pointer used as a pointer.
    if (const auto *V = dyn_cast<VarDecl>(Ref->getDecl()))
      if (std::optional<AccessPath> P = variable(V, false))
        return P->withStep(PathStep::deref());
    return std::nullopt;
  }
  if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(E)) {
    if (Op->getOperator() == OO_Arrow && Op->getNumArgs() >= 1 &&
        isSmartPointer(Op->getArg(0)->getType()))
      if (std::optional<AccessPath> Base = lvalue(Op->getArg(0)))
        return Base->withStep(PathStep::deref());
    return std::nullopt;
  }
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(E)) {
    const CXXMethodDecl *MD = Member->getMethodDecl();
    if (MD && MD->getDeclName().isIdentifier() && MD->getName() == "get" &&
        isSmartPointer(Member->getImplicitObjectArgument()->getType()))
      if (std::optional<AccessPath> Base = lvalue(Member->getImplicitObjectArgument()))
        return Base->withStep(PathStep::deref());
    return std::nullopt;
  }
  if (const auto *Call = dyn_cast<CallExpr>(E)) {
    const FunctionDecl *Callee = Call->getDirectCallee();
    if (Callee && Call->getNumArgs() == 1 && qualifiedName(Callee) == "std::addressof")
      return lvalue(Call->getArg(0));
  }
  return std::nullopt;
}

bool PathBuilder::isPerInvocation(const Expr *Index) const {
  struct Finder : RecursiveASTVisitor<Finder> {
    const PathBuilder *B;
    bool Any = false, AllOwn = true;
    bool VisitDeclRefExpr(DeclRefExpr *Ref) {
      const auto *V = dyn_cast<VarDecl>(Ref->getDecl());
      if (!V)
        return true;
      Any = true;
      if (!B->isOwn(V) && B->captureKind(V) != LCK_ByCopy)
        AllOwn = false;
      return AllOwn;
    }
  } Finder;
  Finder.B = this;
  if (!Index)
    return false;
  Finder.TraverseStmt(const_cast<Expr *>(Index));
  return Finder.Any && Finder.AllOwn;
}

bool isStdSynchronisationType(QualType T) {
  static const llvm::StringSet<> Names = {"std::mutex",
                                          "std::recursive_mutex",
                                          "std::timed_mutex",
                                          "std::recursive_timed_mutex",
                                          "std::shared_mutex",
                                          "std::shared_timed_mutex",
                                          "std::condition_variable",
                                          "std::condition_variable_any",
                                          "std::latch",
                                          "std::barrier",
                                          "std::counting_semaphore",
                                          "std::once_flag",
                                          "std::stop_source",
                                          "std::stop_token",
                                          "std::stop_callback",
                                          "std::future",
                                          "std::shared_future",
                                          "std::__basic_future",
                                          "std::promise",
                                          "std::packaged_task",
                                          "std::thread",
                                          "std::jthread",
                                          "std::lock_guard",
                                          "std::unique_lock",
                                          "std::scoped_lock",
                                          "std::shared_lock",
                                          "std::__mutex_base",
                                          "std::__recursive_mutex_base",
                                          "std::__shared_mutex_pthread",
                                          "std::__shared_mutex_cv",
                                          "std::__condvar"};
  QualType U = T.getNonReferenceType();
  if (U->isPointerType())
    U = U->getPointeeType();
  if (Names.contains(recordName(U)) || isStdAtomicType(U))
    return true;
  if (const auto *TT = U->getAs<TypedefType>()) {
    llvm::StringRef Name = TT->getDecl()->getName();
    return Name == "pthread_mutex_t" || Name == "pthread_rwlock_t" || Name == "pthread_cond_t" ||
           Name == "pthread_barrier_t" || Name == "pthread_spinlock_t" || Name == "sem_t" ||
           Name == "pthread_once_t";
  }
  return false;
}

bool isSequenceContainer(QualType T) {
  static const llvm::StringSet<> Names = {"std::vector",       "std::array",
                                          "std::deque",        "std::span",
                                          "std::basic_string", "std::basic_string_view"};
  return Names.contains(recordName(T));
}

bool isSmartPointer(QualType T) {
  std::string Name = recordName(T);
  return Name == "std::unique_ptr" || Name == "std::shared_ptr";
}

} // namespace clang::tidy::concur
