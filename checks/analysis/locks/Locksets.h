//===--- Locksets.h - concur ------------------------------------*- C++ -*-===//
//
// The locks held at an access: which mutexes (named by access path, so that
// `this->mx_` in one method and `obj.mx_` at a caller are the same lock after
// substitution) and in which mode. Two accesses are protected from each
// other when both hold a common lock and at least one holds it exclusively
// (two holders of a read lock still race if one of them writes).
//
//===----------------------------------------------------------------------===//

#ifndef CONCUR_CHECKS_ANALYSIS_LOCKS_LOCKSETS_H
#define CONCUR_CHECKS_ANALYSIS_LOCKS_LOCKSETS_H

#include "analysis/locks/LockModel.h"
#include "analysis/races/AccessPaths.h"
#include "llvm/ADT/SmallVector.h"
#include <string>

namespace clang::tidy::concur {

struct HeldLock {
  AccessPath Mutex;
  LockMode Mode = LockMode::Exclusive;
};

class Lockset {
public:
  void add(HeldLock L);
  void addAll(const Lockset &O);
  bool empty() const { return Locks.empty(); }
  const llvm::SmallVector<HeldLock, 2> &locks() const { return Locks; }
  /// Do \p A and \p B share a lock that excludes one from the other?
  static bool protects(const Lockset &A, const Lockset &B);
  std::string key() const;
  /// `'mx_'`, `'a' and 'b'`, `'rw' (shared)`.
  std::string spelling() const;

private:
  llvm::SmallVector<HeldLock, 2> Locks;
};

} // namespace clang::tidy::concur

#endif
