//===--- LockModel.h - concur -----------------------------------*- C++ -*-===//
//
// What counts as a lock, shared by the checks that reason about locks:
// RAII guards (std::lock_guard, std::unique_lock, std::scoped_lock,
// std::shared_lock, types annotated scoped_lockable, types named in an
// option, and hand-written guards: a class with a destructor whose
// constructor takes a lock by reference or pointer), mutex types (the
// standard ones, pthread_mutex_t and pthread_rwlock_t, types annotated
// capability/lockable, and any class with a void lock()/unlock() pair in
// some spelling: Lock/Unlock, Acquire/Release), and the calls that lock or
// unlock them by hand. Locks made for coroutines (concur::async_mutex
// and its guard) are designed to be held across suspension and are not locks
// in this sense (the framework profiles list them).
//
//===----------------------------------------------------------------------===//

#ifndef CONCUR_CHECKS_ANALYSIS_LOCKS_LOCKMODEL_H
#define CONCUR_CHECKS_ANALYSIS_LOCKS_LOCKMODEL_H

#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::concur {

enum class LockMode { Exclusive, Shared };

/// A lock operation found in code: a guard constructed, or lock()/unlock()
/// called on a mutex or a unique_lock.
struct LockOperation {
  enum class Kind { Acquire, Release };
  Kind K = Kind::Acquire;
  LockMode Mode = LockMode::Exclusive;
  /// What is held: the mutex variable or field for manual locking, the guard
  /// variable for a guard (released at the end of its scope or by unlock()).
  const ValueDecl *Held = nullptr;
  /// The mutex itself, when it can be named (for messages and locksets).
  const ValueDecl *Mutex = nullptr;
  bool IsGuard = false; // acquired by constructing an RAII guard
  /// unique_lock::release(): the guard lets go, the mutex stays locked.
  bool Disowns = false;
  /// A guard returned by a function (`auto lk = take_lock();`): its name.
  std::string ReturnedBy;
  /// The expressions naming the mutexes (every one of a std::scoped_lock),
  /// or the guard for unique_lock::lock()/unlock().
  std::vector<const Expr *> MutexExprs;
};

class LockModel {
public:
  /// \p ExtraGuardTypes: qualified names of further RAII lock types (option
  /// LockTypes), matched with clang's hasName rules.
  /// \p AsyncLockTypes: locks made for coroutines (the framework profiles'),
  /// which are not blocking locks here.
  explicit LockModel(std::vector<std::string> ExtraGuardTypes = {},
                     std::vector<std::string> AsyncLockTypes = {})
      : ExtraGuardTypes(std::move(ExtraGuardTypes)), AsyncLockTypes(std::move(AsyncLockTypes)) {}

  /// Is \p T an RAII guard that holds a blocking lock? Returns its mode.
  std::optional<LockMode> guardMode(QualType T) const;
  /// Is \p T a mutex (or rwlock) type?
  bool isMutexType(QualType T) const;
  /// Is \p T made for coroutines (concur::async_mutex, its guard, ...)?
  bool isAsyncLockType(QualType T) const;

  /// A guard declared as \p Var: which mutex it locks, unless constructed
  /// with std::defer_lock or not locking at all.
  std::optional<LockOperation> guardAcquisition(const VarDecl *Var) const;
  /// m.lock(), m.unlock(), m.lock_shared(), guard.unlock(), guard.lock(),
  /// pthread_mutex_lock(&m), pthread_rwlock_rdlock(&l), ... (try_lock is not
  /// an acquisition: whether it succeeded is only known at run time).
  std::optional<LockOperation> callOperation(const Expr *Call) const;

  /// A guard that only may hold its mutex: constructed with std::try_to_lock
  /// or a timeout (std::unique_lock(m, 10ms)). It holds it where owns_lock()
  /// (or the guard itself) is true; the operation says which mutex.
  std::optional<LockOperation> tryGuard(const VarDecl *Var) const;
  /// `auto lk = take_lock();`: a guard returned by value holds its lock.
  std::optional<LockOperation> returnedGuard(const VarDecl *Var) const;
  /// If \p Cond is true, what is locked: `lk.owns_lock()` or `lk` for a
  /// try-guard \p Guard... (\p IsTryGuard says which are), `m.try_lock()`,
  /// `m.try_lock_for(d)`, `pthread_mutex_trylock(&m) == 0`. \p Negated says
  /// the lock is held when the condition is false instead (`!m.try_lock()`).
  std::optional<LockOperation>
  lockedIfTrue(const Expr *Cond, bool &Negated,
               llvm::function_ref<bool(const ValueDecl *)> IsTryGuard) const;
  /// An atomic flag used as a spin lock (std::atomic<bool>, std::atomic_flag):
  /// `f.exchange(true)` and `f.test_and_set()` acquire it (a test-and-set
  /// loop, or the claim of a thread that owns the flag), `f.store(false)`,
  /// `f.exchange(false)` and `f.clear()` release it. Named by
  /// the flag. For the race check only: a flag is not a blocking lock.
  std::optional<LockOperation> atomicFlagOperation(const Expr *Call) const;
  /// `f.compare_exchange_strong(expected, true)` (or _weak) as a condition:
  /// the flag is held where it is true (where false with \p Negated).
  std::optional<LockOperation> atomicFlagAcquiredIf(const Expr *Cond, bool &Negated) const;
  /// `std::move(lk)` of a guard variable: the variable it moves from.
  static const VarDecl *movedGuard(const Expr *E);

  /// The guards that the call or construction \p E takes over: passed by
  /// non-const lvalue reference to a parameter that the callee's visible
  /// definition moves from (`waiter(std::unique_lock<M> &l) : lk(std::move(l))`,
  /// an awaiter that releases it in await_suspend). Without a definition
  /// nothing is taken over.
  std::vector<const VarDecl *> guardsTakenOver(const Expr *E) const;

  /// The variable or field an expression names (`m`, `this->m`, `&m`, `obj.m`).
  static const ValueDecl *namedObject(const Expr *E);

private:
  bool isHandWrittenGuard(const CXXRecordDecl *RD) const;
  std::vector<std::string> ExtraGuardTypes;
  std::vector<std::string> AsyncLockTypes;
};

} // namespace clang::tidy::concur

#endif
