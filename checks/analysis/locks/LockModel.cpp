//===--- LockModel.cpp - concur -------------------------------------------===//

#include "analysis/locks/LockModel.h"
#include "analysis/ast/QualifiedNames.h"
#include "analysis/profiles/FrameworkProfiles.h"
#include "analysis/races/AtomicOrdering.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"

namespace clang::tidy::concur {

static bool hasAttr(const CXXRecordDecl *RD, attr::Kind K) {
  if (!RD)
    return false;
  for (const Attr *A : RD->attrs())
    if (A->getKind() == K)
      return true;
  return false;
}

/// Does \p RD (or a base) have a void lock()/unlock() pair in some spelling?
/// A lock() that returns something (an awaitable) belongs to an async lock.
static bool hasLockInterface(const CXXRecordDecl *RD, unsigned Depth = 0) {
  if (!RD || !RD->hasDefinition() || Depth > 4)
    return false;
  RD = RD->getDefinition();
  static const std::pair<llvm::StringRef, llvm::StringRef> Pairs[] = {
      {"lock", "unlock"}, {"Lock", "Unlock"}, {"Acquire", "Release"}};
  for (auto [LockName, UnlockName] : Pairs) {
    bool Lock = false, Unlock = false;
    for (const CXXMethodDecl *MD : RD->methods()) {
      llvm::StringRef Name = identifierName(MD);
      if (Name == LockName && MD->getReturnType()->isVoidType())
        Lock = true;
      else if (Name == UnlockName)
        Unlock = true;
    }
    if (Lock && Unlock)
      return true;
  }
  for (const CXXBaseSpecifier &Base : RD->bases())
    if (hasLockInterface(Base.getType()->getAsCXXRecordDecl(), Depth + 1))
      return true;
  return false;
}

/// A scoped guard written by hand (leveldb's MutexLock): a class with a
/// destructor of its own whose constructor takes a lock by reference or pointer.
bool LockModel::isHandWrittenGuard(const CXXRecordDecl *RD) const {
  if (!RD || !RD->hasDefinition() || RD->isLambda())
    return false;
  RD = RD->getDefinition();
  if (!RD->hasUserDeclaredDestructor())
    return false;
  for (const CXXConstructorDecl *Ctor : RD->ctors()) {
    if (Ctor->isCopyOrMoveConstructor() || Ctor->getNumParams() == 0)
      continue;
    QualType P = Ctor->getParamDecl(0)->getType();
    if (P->isReferenceType() || P->isPointerType()) {
      QualType Pointee = P->getPointeeType();
      if (!Pointee.isNull() && isMutexType(Pointee))
        return true;
    }
  }
  return false;
}

std::optional<LockMode> LockModel::guardMode(QualType T) const {
  const CXXRecordDecl *RD = recordOf(T);
  if (!RD || isAsyncLockType(T))
    return std::nullopt;
  std::string Name = qualifiedName(RD);
  if (Name == "std::lock_guard" || Name == "std::unique_lock" || Name == "std::scoped_lock")
    return LockMode::Exclusive;
  if (Name == "std::shared_lock")
    return LockMode::Shared;
  for (const std::string &Extra : ExtraGuardTypes)
    if (nameMatches(Name, Extra))
      return LockMode::Exclusive;
  if (hasAttr(RD, attr::ScopedLockable))
    return LockMode::Exclusive;
  if (!llvm::StringRef(Name).starts_with("std::") && isHandWrittenGuard(RD))
    return LockMode::Exclusive;
  return std::nullopt;
}

bool LockModel::isMutexType(QualType T) const {
  if (const CXXRecordDecl *RD = recordOf(T)) {
    if (isAsyncLockType(T))
      return false;
    std::string Name = qualifiedName(RD);
    if (Name == "std::mutex" || Name == "std::recursive_mutex" || Name == "std::timed_mutex" ||
        Name == "std::recursive_timed_mutex" || Name == "std::shared_mutex" ||
        Name == "std::shared_timed_mutex")
      return true;
    if (hasAttr(RD, attr::Capability))
      return true;
    // A lock of the project's own (leveldb's port::Mutex, absl::Mutex): by its interface.
    if (!llvm::StringRef(Name).starts_with("std::") && hasLockInterface(RD))
      return true;
  }
  // pthread_mutex_t and pthread_rwlock_t are typedefs of unions.
  if (const auto *TT = T.getNonReferenceType()->getAs<TypedefType>()) {
    llvm::StringRef Name = TT->getDecl()->getName();
    return Name == "pthread_mutex_t" || Name == "pthread_rwlock_t";
  }
  return false;
}

bool LockModel::isAsyncLockType(QualType T) const {
  const CXXRecordDecl *RD = recordOf(T);
  if (!RD)
    return false;
  std::string Name = qualifiedName(RD);
  return llvm::any_of(AsyncLockTypes,
                      [&](const std::string &Type) { return namesTypeOrMember(Name, Type); });
}

const ValueDecl *LockModel::namedObject(const Expr *E) {
  if (!E)
    return nullptr;
  E = E->IgnoreParenImpCasts();
  if (const auto *AddrOf = dyn_cast<UnaryOperator>(E); AddrOf && AddrOf->getOpcode() == UO_AddrOf)
    E = AddrOf->getSubExpr()->IgnoreParenImpCasts();
  if (const auto *Ref = dyn_cast<DeclRefExpr>(E))
    return Ref->getDecl();
  if (const auto *Member = dyn_cast<MemberExpr>(E))
    return Member->getMemberDecl();
  // One of an array of mutexes (`pthread_mutex_lock(&locks[i])`): the array
  // names it; which element is the path's business.
  if (const auto *Element = dyn_cast<ArraySubscriptExpr>(E))
    return namedObject(Element->getBase());
  return nullptr;
}

/// A std::chrono duration or time point: a guard constructed with one tries for that long.
static bool isTimeout(const Expr *E) {
  std::string Name = recordName(E->getType());
  return Name == "std::chrono::duration" || Name == "std::chrono::time_point";
}

static bool isTryTag(const Expr *E) { return recordName(E->getType()) == "std::try_to_lock_t"; }

/// Is \p E the tag std::defer_lock (or std::try_to_lock, whose success is unknown)?
static bool isDeferTag(const Expr *E) {
  const auto *RD = recordOf(E->getType());
  if (!RD)
    return false;
  std::string Name = qualifiedName(RD);
  return Name == "std::defer_lock_t" || Name == "std::try_to_lock_t";
}

std::optional<LockOperation> LockModel::guardAcquisition(const VarDecl *Var) const {
  std::optional<LockMode> Mode = guardMode(Var->getType());
  if (!Mode || Var->getType()->isReferenceType() || !Var->getInit())
    return std::nullopt;
  const auto *Construct = dyn_cast<CXXConstructExpr>(Var->getInit()->IgnoreImplicit());
  if (!Construct || Construct->getNumArgs() == 0)
    return std::nullopt; // A default-constructed unique_lock holds nothing.
  for (const Expr *Arg : Construct->arguments())
    if (isDeferTag(Arg) || isTimeout(Arg))
      return std::nullopt;
  if (Construct->getConstructor()->isCopyOrMoveConstructor())
    return std::nullopt; // Moving a lock in: taken elsewhere.
  if (isAsyncLockType(Construct->getArg(0)->getType()))
    return std::nullopt; // std::unique_lock over an async mutex: made for coroutines.
  LockOperation Op;
  Op.K = LockOperation::Kind::Acquire;
  Op.Mode = *Mode;
  Op.Held = Var;
  Op.Mutex = namedObject(Construct->getArg(0));
  Op.IsGuard = true;
  for (const Expr *Arg : Construct->arguments())
    if (isMutexType(Arg->getType()))
      Op.MutexExprs.push_back(Arg);
  if (Op.MutexExprs.empty()) // A guard type from the option, over a mutex type we do not know.
    Op.MutexExprs.push_back(Construct->getArg(0));
  return Op;
}

static const Expr *constructorOf(const VarDecl *Var) {
  return Var->getInit() ? Var->getInit()->IgnoreImplicit() : nullptr;
}

std::optional<LockOperation> LockModel::tryGuard(const VarDecl *Var) const {
  std::optional<LockMode> Mode = guardMode(Var->getType());
  const auto *Construct = dyn_cast_or_null<CXXConstructExpr>(constructorOf(Var));
  if (!Mode || Var->getType()->isReferenceType() || !Construct || Construct->getNumArgs() < 2)
    return std::nullopt;
  if (!llvm::any_of(Construct->arguments(),
                    [](const Expr *Arg) { return isTryTag(Arg) || isTimeout(Arg); }))
    return std::nullopt;
  LockOperation Op;
  Op.Mode = *Mode;
  Op.Held = Var;
  Op.Mutex = namedObject(Construct->getArg(0));
  Op.IsGuard = true;
  Op.MutexExprs.push_back(Construct->getArg(0));
  return Op;
}

const VarDecl *LockModel::movedGuard(const Expr *E) {
  const auto *Call = dyn_cast_or_null<CallExpr>(E ? E->IgnoreImplicit()->IgnoreParens() : nullptr);
  if (!Call || Call->getNumArgs() != 1 || !Call->getDirectCallee() ||
      qualifiedName(Call->getDirectCallee()) != "std::move")
    return nullptr;
  return dyn_cast_or_null<VarDecl>(namedObject(Call->getArg(0)));
}

namespace {
/// Does \p Def (its body, a constructor's initialisers) std::move from \p P?
bool movesFrom(const FunctionDecl *Def, const ParmVarDecl *P) {
  struct Finder : RecursiveASTVisitor<Finder> {
    const ParmVarDecl *P;
    bool Found = false;
    bool VisitCallExpr(CallExpr *Call) {
      if (LockModel::movedGuard(Call) == P)
        Found = true;
      return !Found;
    }
  } F;
  F.P = P;
  if (const auto *Ctor = dyn_cast<CXXConstructorDecl>(Def))
    for (const CXXCtorInitializer *Init : Ctor->inits())
      F.TraverseStmt(Init->getInit());
  F.TraverseStmt(Def->getBody());
  return F.Found;
}
} // namespace

std::vector<const VarDecl *> LockModel::guardsTakenOver(const Expr *E) const {
  const FunctionDecl *Callee = nullptr;
  llvm::SmallVector<const Expr *, 4> Args;
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(E)) {
    Callee = Construct->getConstructor();
    Args.append(Construct->arg_begin(), Construct->arg_end());
  } else if (const auto *Call = dyn_cast<CallExpr>(E); Call && !isa<CXXOperatorCallExpr>(E)) {
    Callee = Call->getDirectCallee();
    Args.append(Call->arg_begin(), Call->arg_end());
  }
  const FunctionDecl *Def = nullptr;
  std::vector<const VarDecl *> Taken;
  if (!Callee || !Callee->hasBody(Def) || !Def)
    return Taken;
  for (unsigned I = 0; I < Args.size() && I < Def->getNumParams(); ++I) {
    const ParmVarDecl *P = Def->getParamDecl(I);
    QualType T = P->getType();
    if (!T->isLValueReferenceType() || T.getNonReferenceType().isConstQualified() ||
        !guardMode(T.getNonReferenceType()))
      continue;
    if (const auto *Guard = dyn_cast_or_null<VarDecl>(namedObject(Args[I]));
        Guard && movesFrom(Def, P))
      Taken.push_back(Guard);
  }
  return Taken;
}

std::optional<LockOperation> LockModel::returnedGuard(const VarDecl *Var) const {
  std::optional<LockMode> Mode = guardMode(Var->getType());
  if (!Mode || Var->getType()->isReferenceType() || !Var->getInit())
    return std::nullopt;
  const Expr *Init = Var->getInit()->IgnoreImplicit();
  if (const auto *Construct = dyn_cast<CXXConstructExpr>(Init); // before C++17's elision
      Construct && Construct->getNumArgs() == 1 && Construct->getConstructor()->isMoveConstructor())
    Init = Construct->getArg(0)->IgnoreImplicit();
  const auto *Call = dyn_cast<CallExpr>(Init);
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  if (!Callee || Callee->getReturnType()->isReferenceType() ||
      !guardMode(Callee->getReturnType()) || qualifiedName(Callee) == "std::move")
    return std::nullopt;
  LockOperation Op;
  Op.Mode = *Mode;
  Op.Held = Var;
  Op.IsGuard = true;
  Op.ReturnedBy = displayName(Callee);
  return Op;
}

std::optional<LockOperation>
LockModel::lockedIfTrue(const Expr *Cond, bool &Negated,
                        llvm::function_ref<bool(const ValueDecl *)> IsTryGuard) const {
  Negated = false;
  if (!Cond)
    return std::nullopt;
  Cond = Cond->IgnoreParenImpCasts();
  if (const auto *Not = dyn_cast<UnaryOperator>(Cond); Not && Not->getOpcode() == UO_LNot) {
    auto Op = lockedIfTrue(Not->getSubExpr(), Negated, IsTryGuard);
    Negated = !Negated;
    return Op;
  }
  // pthread_mutex_trylock(&m) == 0 (or != 0, negated).
  if (const auto *Cmp = dyn_cast<BinaryOperator>(Cond);
      Cmp && (Cmp->getOpcode() == BO_EQ || Cmp->getOpcode() == BO_NE)) {
    const auto *Call = dyn_cast<CallExpr>(Cmp->getLHS()->IgnoreParenImpCasts());
    Expr::EvalResult Zero;
    const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
    llvm::StringRef Name = identifierName(Callee);
    if (Callee && Callee->isExternC() && Call->getNumArgs() >= 1 &&
        (Name == "pthread_mutex_trylock" || Name == "pthread_rwlock_trywrlock" ||
         Name == "pthread_rwlock_tryrdlock" || Name == "pthread_mutex_timedlock") &&
        Cmp->getRHS()->EvaluateAsInt(Zero, Callee->getASTContext()) && Zero.Val.getInt() == 0) {
      LockOperation Op;
      Op.Held = Op.Mutex = namedObject(Call->getArg(0));
      if (!Op.Held)
        return std::nullopt;
      Op.MutexExprs.push_back(Call->getArg(0));
      Op.Mode = Name == "pthread_rwlock_tryrdlock" ? LockMode::Shared : LockMode::Exclusive;
      Negated = Cmp->getOpcode() == BO_NE;
      return Op;
    }
    return std::nullopt;
  }
  const auto *Member = dyn_cast<CXXMemberCallExpr>(Cond);
  if (!Member || !Member->getMethodDecl() || !Member->getImplicitObjectArgument())
    return std::nullopt;
  const Expr *Object = Member->getImplicitObjectArgument();
  const ValueDecl *Named = namedObject(Object);
  if (!Named)
    return std::nullopt;
  QualType ObjectType = Object->getType();
  if (ObjectType->isPointerType())
    ObjectType = ObjectType->getPointeeType();
  const CXXMethodDecl *Method = Member->getMethodDecl();
  llvm::StringRef Name = identifierName(Method);
  LockOperation Op;
  Op.Held = Named;
  Op.MutexExprs.push_back(Object);
  if (guardMode(ObjectType)) { // lk.owns_lock(), or `if (lk)`
    if (!IsTryGuard(Named) || !(Name == "owns_lock" || isa<CXXConversionDecl>(Method)))
      return std::nullopt;
    Op.IsGuard = true;
    return Op;
  }
  if (!isMutexType(ObjectType))
    return std::nullopt;
  if (Name != "try_lock" && Name != "try_lock_for" && Name != "try_lock_until" &&
      Name != "try_lock_shared" && Name != "try_lock_shared_for" && Name != "try_lock_shared_until")
    return std::nullopt;
  Op.Mutex = Named;
  Op.Mode = Name.contains("shared") ? LockMode::Shared : LockMode::Exclusive;
  return Op;
}

/// `f.name(...)` on a std::atomic<bool> or std::atomic_flag: the call.
static const CXXMemberCallExpr *flagCall(const Expr *E) {
  const auto *Call = dyn_cast_or_null<CXXMemberCallExpr>(E);
  if (!Call || !Call->getMethodDecl() || !Call->getImplicitObjectArgument())
    return nullptr;
  QualType T = Call->getImplicitObjectArgument()->getType();
  if (T->isPointerType())
    T = T->getPointeeType();
  if (!isStdAtomicType(T))
    return nullptr;
  std::string Name = recordName(T);
  if (Name == "std::atomic_flag" || Name == "std::__atomic_flag_base")
    return Call;
  std::optional<QualType> Arg = firstTypeArgument(T);
  return Arg && (*Arg)->isBooleanType() ? Call : nullptr;
}

static std::optional<bool> constantBool(const Expr *E, const ASTContext &Ctx) {
  bool Value = false;
  if (E && !E->isValueDependent() && E->EvaluateAsBooleanCondition(Value, Ctx))
    return Value;
  return std::nullopt;
}

static std::optional<LockOperation> onFlag(const CXXMemberCallExpr *Call, LockOperation::Kind K) {
  LockOperation Op;
  Op.K = K;
  Op.Held = Op.Mutex = LockModel::namedObject(Call->getImplicitObjectArgument());
  if (!Op.Held)
    return std::nullopt;
  Op.MutexExprs.push_back(Call->getImplicitObjectArgument());
  return Op;
}

std::optional<LockOperation> LockModel::atomicFlagOperation(const Expr *E) const {
  const CXXMemberCallExpr *Call = flagCall(E);
  if (!Call)
    return std::nullopt;
  const ASTContext &Ctx = Call->getMethodDecl()->getASTContext();
  llvm::StringRef Name = identifierName(Call->getMethodDecl());
  if (Name == "test_and_set")
    return onFlag(Call, LockOperation::Kind::Acquire);
  if (Name == "clear")
    return onFlag(Call, LockOperation::Kind::Release);
  std::optional<bool> Value;
  if ((Name == "exchange" || Name == "store") && Call->getNumArgs() >= 1)
    Value = constantBool(Call->getArg(0), Ctx);
  if (!Value || (*Value && Name != "exchange"))
    return std::nullopt;
  return onFlag(Call, *Value ? LockOperation::Kind::Acquire : LockOperation::Kind::Release);
}

std::optional<LockOperation> LockModel::atomicFlagAcquiredIf(const Expr *Cond,
                                                             bool &Negated) const {
  Negated = false;
  if (!Cond)
    return std::nullopt;
  Cond = Cond->IgnoreParenImpCasts();
  if (const auto *Not = dyn_cast<UnaryOperator>(Cond); Not && Not->getOpcode() == UO_LNot) {
    auto Op = atomicFlagAcquiredIf(Not->getSubExpr(), Negated);
    Negated = !Negated;
    return Op;
  }
  const CXXMemberCallExpr *Call = flagCall(Cond);
  if (!Call || Call->getNumArgs() < 2)
    return std::nullopt;
  llvm::StringRef Name = identifierName(Call->getMethodDecl());
  if (Name != "compare_exchange_strong" && Name != "compare_exchange_weak")
    return std::nullopt;
  std::optional<bool> Desired =
      constantBool(Call->getArg(1), Call->getMethodDecl()->getASTContext());
  if (!Desired || !*Desired)
    return std::nullopt;
  return onFlag(Call, LockOperation::Kind::Acquire);
}

std::optional<LockOperation> LockModel::callOperation(const Expr *Call) const {
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call)) {
    const CXXMethodDecl *Method = Member->getMethodDecl();
    const Expr *Object = Member->getImplicitObjectArgument();
    if (!Method || !Object)
      return std::nullopt;
    llvm::StringRef Name = identifierName(Method);
    LockOperation Op;
    Op.Held = namedObject(Object);
    if (!Op.Held)
      return std::nullopt;
    Op.MutexExprs.push_back(Object);
    QualType ObjectType = Object->getType();
    if (ObjectType->isPointerType())
      ObjectType = ObjectType->getPointeeType();
    if (isMutexType(ObjectType)) {
      Op.Mutex = Op.Held;
    } else if (guardMode(ObjectType)) {
      Op.IsGuard = true; // unique_lock::lock()/unlock()
    } else {
      return std::nullopt;
    }
    if (Name == "lock" || Name == "lock_shared" || Name == "Lock" || Name == "LockShared" ||
        Name == "ReaderLock" || Name == "WriterLock" || (Name == "Acquire" && !Op.IsGuard)) {
      Op.K = LockOperation::Kind::Acquire;
      Op.Mode = Name == "lock_shared" || Name == "LockShared" || Name == "ReaderLock"
                    ? LockMode::Shared
                    : LockMode::Exclusive;
      return Op;
    }
    if (Name == "unlock" || Name == "unlock_shared" || Name == "release" || Name == "Unlock" ||
        Name == "UnlockShared" || Name == "ReaderUnlock" || Name == "WriterUnlock" ||
        (Name == "Release" && !Op.IsGuard)) {
      Op.K = LockOperation::Kind::Release;
      Op.Disowns = Name == "release" && Op.IsGuard;
      return Op;
    }
    return std::nullopt;
  }
  const auto *CE = dyn_cast<CallExpr>(Call);
  const FunctionDecl *Callee = CE ? CE->getDirectCallee() : nullptr;
  if (!Callee || CE->getNumArgs() == 0 || !Callee->isExternC())
    return std::nullopt; // The pthread functions are extern "C".
  llvm::StringRef Name = identifierName(Callee);
  LockOperation Op;
  Op.Held = Op.Mutex = namedObject(CE->getArg(0));
  if (!Op.Held)
    return std::nullopt;
  Op.MutexExprs.push_back(CE->getArg(0));
  // POSIX mutexes and rwlocks, C11's mtx_t, and the lock of a stdio stream
  // (flockfile: the stream's other users wait for funlockfile).
  if (Name == "pthread_mutex_lock" || Name == "pthread_rwlock_wrlock" || Name == "mtx_lock" ||
      Name == "flockfile") {
    Op.K = LockOperation::Kind::Acquire;
    return Op;
  }
  if (Name == "pthread_rwlock_rdlock") {
    Op.K = LockOperation::Kind::Acquire;
    Op.Mode = LockMode::Shared;
    return Op;
  }
  if (Name == "pthread_mutex_unlock" || Name == "pthread_rwlock_unlock" || Name == "mtx_unlock" ||
      Name == "funlockfile") {
    Op.K = LockOperation::Kind::Release;
    return Op;
  }
  return std::nullopt;
}

} // namespace clang::tidy::concur
