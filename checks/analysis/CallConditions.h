//===--- CallConditions.h - concur ------------------------------*- C++ -*-===//
//
// Decides whether one call to a catalogue function blocks, from its
// arguments: a zero poll timeout, WNOHANG, MSG_DONTWAIT, wait_for(0s) and
// friends make a blocking function return at once.
//
//===----------------------------------------------------------------------===//

#ifndef CONCUR_CHECKS_ANALYSIS_CALLCONDITIONS_H
#define CONCUR_CHECKS_ANALYSIS_CALLCONDITIONS_H

#include "BlockingCatalog.h"
#include "clang/AST/ASTContext.h"
#include "clang/AST/Expr.h"
#include "llvm/ADT/SmallVector.h"

namespace clang::tidy::concur {

/// The arguments the user wrote, without the object of a member call and
/// without defaulted arguments.
llvm::SmallVector<const Expr *, 8> explicitArguments(const Expr *Call);

/// The object a member call is made on, or the first argument of a free
/// function (for `std::cin >> x` and `std::getline(std::cin, s)`).
const Expr *receiverOf(const Expr *Call);

/// True when \p Entry applies to \p Call: its only_if conditions hold and
/// none of its nonblocking_if conditions does.
bool callBlocks(const CatalogEntry &Entry, const Expr *Call, ASTContext &Ctx);

} // namespace clang::tidy::concur

#endif
