//===--- AtomicOrdering.cpp - concur --------------------------------------===//

#include "analysis/races/AtomicOrdering.h"
#include "analysis/ast/QualifiedNames.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/ADT/StringSwitch.h"

namespace clang::tidy::concur {

namespace {
/// std::memory_order and __ATOMIC_* share their values.
enum Order { Relaxed = 0, Consume = 1, AcquireOrder = 2, ReleaseOrder = 3, AcqRel = 4, SeqCst = 5 };

int orderOf(const Expr *E, ASTContext &Ctx) {
  if (!E)
    return SeqCst;
  Expr::EvalResult R;
  if (E->isValueDependent() || !E->IgnoreImpCasts()->EvaluateAsInt(R, Ctx))
    return SeqCst;
  int64_t V = R.Val.getInt().getExtValue();
  return V >= Relaxed && V <= SeqCst ? static_cast<int>(V) : SeqCst;
}

void setOrder(AtomicOperation &Op, int O) {
  // consume is promoted to acquire by every compiler.
  Op.Acquire = Op.Loads && (O == Consume || O == AcquireOrder || O == AcqRel || O == SeqCst);
  Op.Release = Op.Stores && (O == ReleaseOrder || O == AcqRel || O == SeqCst);
}

enum class Kind { None, Load, Store, ReadModifyWrite };

Kind memberKind(llvm::StringRef Name) {
  return llvm::StringSwitch<Kind>(Name)
      .Cases("load", "test", "wait", Kind::Load)
      .Cases("store", "clear", Kind::Store)
      .Cases("exchange", "compare_exchange_weak", "compare_exchange_strong", "fetch_add",
             "fetch_sub", Kind::ReadModifyWrite)
      .Cases("fetch_and", "fetch_or", "fetch_xor", "fetch_max", "fetch_min", "test_and_set",
             Kind::ReadModifyWrite)
      .Default(Kind::None);
}

/// The builtins' names ("__atomic_fetch_add", "__c11_atomic_load").
Kind builtinKind(llvm::StringRef Name) {
  if (Name.contains("init"))
    return Kind::None; // __c11_atomic_init: not an atomic access
  if (Name.contains("load"))
    return Kind::Load;
  if (Name.contains("store") || Name.ends_with("clear"))
    return Kind::Store;
  return Kind::ReadModifyWrite;
}

AtomicOperation withKind(const Expr *Object, bool IsPointer, Kind K) {
  AtomicOperation Op;
  Op.Object = Object;
  Op.ObjectIsPointer = IsPointer;
  Op.Loads = K == Kind::Load || K == Kind::ReadModifyWrite;
  Op.Stores = K == Kind::Store || K == Kind::ReadModifyWrite;
  return Op;
}
} // namespace

bool isStdAtomicType(QualType T) {
  static const llvm::StringSet<> Names = {
      "std::atomic",         "std::atomic_ref",   "std::atomic_flag",       "std::__atomic_base",
      "std::__atomic_float", "std::__atomic_ref", "std::__atomic_flag_base"};
  T = T.getNonReferenceType();
  return Names.contains(recordName(T->isPointerType() ? T->getPointeeType() : T));
}

std::optional<AtomicOperation> atomicOperation(const Expr *E, ASTContext &Ctx) {
  if (const auto *A = dyn_cast<AtomicExpr>(E)) {
    Kind K = builtinKind(A->getOpAsString());
    if (K == Kind::None)
      return std::nullopt;
    AtomicOperation Op = withKind(A->getPtr(), /*IsPointer=*/true, K);
    setOrder(Op, orderOf(A->getOrder(), Ctx));
    return Op;
  }
  const auto *Call = dyn_cast<CallExpr>(E);
  const FunctionDecl *Callee = Call ? Call->getDirectCallee() : nullptr;
  if (!Callee)
    return std::nullopt;
  // __sync_fetch_and_add and its kin: full barriers.
  if (Callee->getBuiltinID() && identifierName(Callee).starts_with("__sync_") &&
      Call->getNumArgs() > 0 && identifierName(Callee) != "__sync_synchronize") {
    AtomicOperation Op =
        withKind(Call->getArg(0), true,
                 identifierName(Callee).contains("release") ? Kind::Store : Kind::ReadModifyWrite);
    setOrder(Op, identifierName(Callee).contains("lock_test_and_set") ? AcquireOrder : SeqCst);
    return Op;
  }
  const Expr *Object = nullptr;
  Kind K = Kind::None;
  unsigned FirstOrderArg = 0;
  if (const auto *Member = dyn_cast<CXXMemberCallExpr>(Call)) {
    // libstdc++'s std::atomic<int> inherits load() from std::__atomic_base:
    // the object is the atomic before the cast to its base.
    Object = Member->getImplicitObjectArgument();
    if (Object)
      Object = Object->IgnoreImpCasts();
    if (!Object || !isStdAtomicType(Object->getType()))
      return std::nullopt;
    if (isa<CXXConversionDecl>(Callee))
      K = Kind::Load; // `if (flag)`: operator T()
    else
      K = memberKind(identifierName(Callee));
    // The order follows the values: load(order), store(v, order),
    // compare_exchange(expected, desired, success[, failure]).
    FirstOrderArg = K == Kind::Load ? (identifierName(Callee) == "wait" ? 1 : 0)
                    : identifierName(Callee).starts_with("compare_exchange") ? 2
                    : identifierName(Callee) == "test_and_set" || identifierName(Callee) == "clear"
                        ? 0
                        : 1;
  } else if (const auto *Op = dyn_cast<CXXOperatorCallExpr>(Call)) {
    if (Op->getNumArgs() == 0 || !isStdAtomicType(Op->getArg(0)->IgnoreImpCasts()->getType()))
      return std::nullopt;
    Object = Op->getArg(0)->IgnoreImpCasts();
    K = Op->getOperator() == OO_Equal ? Kind::Store : Kind::ReadModifyWrite; // ++, +=, ...
    FirstOrderArg = ~0u;                                                     // always seq_cst
  } else {
    // The free functions of <atomic>: std::atomic_store_explicit(&a, v, order), ...
    llvm::StringRef Name = identifierName(Callee);
    if (!Name.starts_with("atomic_") || Call->getNumArgs() == 0 ||
        !isStdAtomicType(Call->getArg(0)->getType()))
      return std::nullopt;
    Name.consume_front("atomic_");
    bool Explicit = Name.consume_back("_explicit");
    K = memberKind(Name == "flag_test_and_set" ? "test_and_set"
                   : Name == "flag_clear"      ? "clear"
                   : Name == "flag_test"       ? "test"
                                               : Name);
    Object = Call->getArg(0);
    FirstOrderArg = !Explicit ? ~0u : Call->getNumArgs() - 1;
    if (Explicit && Name.starts_with("compare_exchange"))
      FirstOrderArg = 3;
  }
  if (K == Kind::None)
    return std::nullopt;
  AtomicOperation Result =
      withKind(Object, Object->getType()->isPointerType() && !isa<CXXMemberCallExpr>(Call), K);
  if (isa<CXXMemberCallExpr>(Call))
    Result.ObjectIsPointer = Object->getType()->isPointerType();
  setOrder(Result,
           FirstOrderArg < Call->getNumArgs() ? orderOf(Call->getArg(FirstOrderArg), Ctx) : SeqCst);
  return Result;
}

std::optional<Fence> threadFence(const CallExpr *Call, ASTContext &Ctx) {
  const FunctionDecl *Callee = Call->getDirectCallee();
  if (!Callee)
    return std::nullopt;
  llvm::StringRef Name = identifierName(Callee);
  if (Name == "__sync_synchronize")
    return Fence{true, true};
  if (Name != "atomic_thread_fence" && Name != "__atomic_thread_fence" &&
      Name != "__c11_atomic_thread_fence")
    return std::nullopt;
  int O = orderOf(Call->getNumArgs() ? Call->getArg(0) : nullptr, Ctx);
  return Fence{O == Consume || O == AcquireOrder || O == AcqRel || O == SeqCst,
               O == ReleaseOrder || O == AcqRel || O == SeqCst};
}

} // namespace clang::tidy::concur
