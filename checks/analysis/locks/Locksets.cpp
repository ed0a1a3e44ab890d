//===--- Locksets.cpp - concur --------------------------------------------===//

#include "analysis/locks/Locksets.h"
#include <algorithm>

namespace clang::tidy::concur {

void Lockset::add(HeldLock L) {
  for (HeldLock &H : Locks)
    if (H.Mutex == L.Mutex) {
      if (L.Mode == LockMode::Exclusive)
        H.Mode = LockMode::Exclusive;
      return;
    }
  Locks.push_back(std::move(L));
}

void Lockset::addAll(const Lockset &O) {
  for (const HeldLock &L : O.Locks)
    add(L);
}

bool Lockset::protects(const Lockset &A, const Lockset &B) {
  // `m[i]` and `m[0]` may be one mutex: count it as common rather than report
  // what the locking may well exclude.
  for (const HeldLock &L : A.Locks)
    for (const HeldLock &M : B.Locks)
      if (L.Mutex.mayAlias(M.Mutex) &&
          (L.Mode == LockMode::Exclusive || M.Mode == LockMode::Exclusive))
        return true;
  return false;
}

std::string Lockset::key() const {
  std::vector<std::string> Keys;
  for (const HeldLock &L : Locks)
    Keys.push_back(L.Mutex.key() + (L.Mode == LockMode::Shared ? "s" : "x"));
  std::sort(Keys.begin(), Keys.end());
  std::string K;
  for (const std::string &S : Keys)
    K += S + ";";
  return K;
}

std::string Lockset::spelling() const {
  std::string S;
  for (size_t I = 0; I < Locks.size(); ++I) {
    if (I)
      S += I + 1 == Locks.size() ? " and " : ", ";
    S += "'" + Locks[I].Mutex.spelling() + "'";
    if (Locks[I].Mode == LockMode::Shared)
      S += " (shared)";
  }
  return S;
}

} // namespace clang::tidy::concur
