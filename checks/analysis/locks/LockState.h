//===--- LockState.h - concur -----------------------------------*- C++ -*-===//
//
// The locks held at one point of a function, and who holds each: a guard
// variable (released at the end of its scope or by unlock()), or the code
// that locked a mutex by hand (released by unlock()). The one lock-state
// machine of the analyses (holders are named by declKey, or by a mutex's
// access path when it is locked by hand): the lock-flow walker (locks held at a suspension
// point) and the access walker (locks held at an access) both step it.
//
// They differ only in how paths join, and the difference is the question
// each asks: a lock held across a suspension is a bug if it *may* be held on
// some path (mayJoin), while a lock protects an access only if it *must* be
// held on every path (mustJoin).
//
//===----------------------------------------------------------------------===//

#ifndef CONCUR_CHECKS_ANALYSIS_LOCKS_LOCKSTATE_H
#define CONCUR_CHECKS_ANALYSIS_LOCKS_LOCKSTATE_H

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringRef.h"
#include <string>
#include <vector>

namespace clang::tidy::concur {

/// \p Lock is what the analysis records of one held lock; it has a `Mutex`
/// member comparable with ==, which names the lock.
template <typename Lock> class LockState {
public:
  struct Entry {
    std::string Holder;
    Lock Held;
  };

  /// A point no path reaches (after return, break, continue, co_return).
  static LockState dead() {
    LockState S;
    S.Dead = true;
    return S;
  }
  bool isDead() const { return Dead; }
  void markDead() { Dead = true; }
  bool empty() const { return Entries.empty(); }
  const std::vector<Entry> &entries() const { return Entries; }

  /// \p Holder takes \p L (a guard may take several mutexes, std::scoped_lock).
  void acquire(std::string Holder, Lock L) {
    for (Entry &E : Entries)
      if (E.Holder == Holder && E.Held.Mutex == L.Mutex) {
        E.Held = std::move(L); // taken again: where and how it was taken last
        return;
      }
    Entries.push_back({std::move(Holder), std::move(L)});
  }
  /// Everything \p Holder holds is released.
  void release(llvm::StringRef Holder) {
    llvm::erase_if(Entries, [&](const Entry &E) { return E.Holder == Holder; });
  }
  /// Every hold of a mutex for which \p Pred is true is released.
  template <typename Pred> void releaseIf(Pred P) {
    llvm::erase_if(Entries, [&](const Entry &E) { return P(E.Held); });
  }

  /// The locks that may be held after two paths meet: held on either.
  static LockState mayJoin(const LockState &A, const LockState &B) {
    if (A.Dead)
      return B;
    if (B.Dead)
      return A;
    LockState R = A;
    for (const Entry &E : B.Entries)
      if (!R.holds(E))
        R.Entries.push_back(E);
    return R;
  }
  /// The locks that must be held after two paths meet: held on both.
  static LockState mustJoin(const LockState &A, const LockState &B) {
    if (A.Dead)
      return B;
    if (B.Dead)
      return A;
    LockState R;
    for (const Entry &E : A.Entries)
      if (B.holds(E))
        R.Entries.push_back(E);
    return R;
  }

  /// The locks held after a loop, from those held on entry and at the end of
  /// its body: held on both, and those the body takes and still holds at its
  /// end, as `for (i = 0; i < n; ++i) pthread_mutex_lock(&m[i]);` takes every
  /// element (assumed to run at least once: a loop of locks that may run no
  /// time is rare enough not to cost the common case).
  static LockState afterLoop(const LockState &In, const LockState &BodyEnd) {
    LockState R = mustJoin(In, BodyEnd);
    if (In.Dead || BodyEnd.Dead)
      return R;
    for (const Entry &E : BodyEnd.Entries)
      if (!In.holds(E) && !R.holds(E))
        R.Entries.push_back(E);
    return R;
  }

private:
  bool holds(const Entry &E) const {
    return llvm::any_of(Entries, [&](const Entry &F) {
      return F.Holder == E.Holder && F.Held.Mutex == E.Held.Mutex;
    });
  }

  std::vector<Entry> Entries;
  bool Dead = false;
};

} // namespace clang::tidy::concur

#endif
