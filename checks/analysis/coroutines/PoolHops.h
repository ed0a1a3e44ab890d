//===--- PoolHops.h - concur ------------------------------------*- C++ -*-===//
//
// Awaitables that move the awaiting coroutine onto a thread pool: the
// frameworks' (profiles' pool_hops) and the user's (PoolHopAwaitables). Each
// is a function name, optionally with the type of its first argument:
// "concur::resume_on(concur::thread_pool)" is a hop only onto a pool.
//
//===----------------------------------------------------------------------===//

#ifndef CONCUR_CHECKS_ANALYSIS_COROUTINES_POOLHOPS_H
#define CONCUR_CHECKS_ANALYSIS_COROUTINES_POOLHOPS_H

#include "clang/AST/Expr.h"
#include <string>
#include <vector>

namespace clang::tidy::concur {

class PoolHops {
public:
  /// hasName-style names, each optionally followed by "(FirstArgType)".
  explicit PoolHops(const std::vector<std::string> &Items = {});

  /// Is \p Operand (what is awaited, or a discarded expression) a call of a hop?
  bool isHop(const Expr *Operand) const;

private:
  struct Hop {
    std::string Function;
    std::string FirstArgType; // "" for any
  };
  std::vector<Hop> Hops;
};

} // namespace clang::tidy::concur

#endif
