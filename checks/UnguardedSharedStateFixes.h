//===--- UnguardedSharedStateFixes.h - concur -------------------*- C++ -*-===//
//
// The fix-it of concur-unguarded-shared-state: a scalar whose every use is a
// load, a store, ++/-- or a compound assignment std::atomic supports becomes
// std::atomic<T>, all its declarations rewritten. Anything else (its address
// taken, a reference bound to it, a by-copy capture, an `auto` copy, a
// variadic argument, a class that is copied) would not compile or would
// change meaning, and gets no fix.
//
//===----------------------------------------------------------------------===//

#ifndef CONCUR_CHECKS_UNGUARDEDSHAREDSTATEFIXES_H
#define CONCUR_CHECKS_UNGUARDEDSHAREDSTATEFIXES_H

#include "clang/AST/ASTContext.h"
#include "clang/Basic/Diagnostic.h"
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::concur {

struct AtomicFix {
  std::vector<FixItHint> Edits;  // one per declaration
  std::string AtomicType;        // "std::atomic<int>", in C "_Atomic(int)"
  bool NeedsAtomicHeader = true; // <atomic>; C's _Atomic needs none
};

/// The rewrite of \p D to std::atomic<T> (in C, to C11's _Atomic(T)), when
/// every use of it allows one.
std::optional<AtomicFix> makeAtomicFix(const ValueDecl *D, ASTContext &Ctx);

} // namespace clang::tidy::concur

#endif
