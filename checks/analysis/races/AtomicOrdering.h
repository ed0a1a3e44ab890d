//===--- AtomicOrdering.h - concur ------------------------------*- C++ -*-===//
//
// Happens-before through atomics: plain data written before a release store
// (or a release fence then a store) to an atomic, and read after an acquire
// load of it (or a load then an acquire fence), is published, not raced. This
// is what the race check needs of the C++ memory model: which calls and
// builtins are atomic operations on which object, and with which order.
// Recognised: std::atomic, std::atomic_ref and std::atomic_flag members and
// operators, the C11 and GCC builtins (__c11_atomic_*, __atomic_*, __sync_*,
// as <stdatomic.h> expands), and the fences std::atomic_thread_fence,
// atomic_thread_fence, __atomic_thread_fence and __sync_synchronize. An order
// that is not a constant counts as seq_cst.
//
//===----------------------------------------------------------------------===//

#ifndef CONCUR_CHECKS_ANALYSIS_RACES_ATOMICORDERING_H
#define CONCUR_CHECKS_ANALYSIS_RACES_ATOMICORDERING_H

#include "clang/AST/Expr.h"
#include <optional>

namespace clang::tidy::concur {

/// std::atomic, std::atomic_ref, std::atomic_flag (or a pointer to one), and
/// libstdc++'s bases of them, which their members are declared on.
bool isStdAtomicType(QualType T);

/// One operation on an atomic object.
struct AtomicOperation {
  /// The object: an lvalue, or a pointer to it when ObjectIsPointer.
  const Expr *Object = nullptr;
  bool ObjectIsPointer = false;
  bool Loads = false, Stores = false; // a read-modify-write does both
  bool Acquire = false, Release = false;
};

/// \p E (a call, an operator call, a conversion, an AtomicExpr) as an atomic
/// operation, or none.
std::optional<AtomicOperation> atomicOperation(const Expr *E, ASTContext &Ctx);

struct Fence {
  bool Acquire = false, Release = false;
};
/// \p Call as a thread fence, or none.
std::optional<Fence> threadFence(const CallExpr *Call, ASTContext &Ctx);

} // namespace clang::tidy::concur

#endif
