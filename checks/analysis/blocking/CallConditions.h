//===--- CallConditions.h - concur ------------------------------*- C++ -*-===//
//
// Decides whether one call to a catalogue function blocks, from its
// arguments: a zero poll timeout, WNOHANG, MSG_DONTWAIT, wait_for(0s) and
// friends make a blocking function return at once, and so does I/O on a
// descriptor the translation unit makes non-blocking.
//
//===----------------------------------------------------------------------===//

#ifndef CONCUR_CHECKS_ANALYSIS_BLOCKING_CALLCONDITIONS_H
#define CONCUR_CHECKS_ANALYSIS_BLOCKING_CALLCONDITIONS_H

#include "analysis/blocking/BlockingCatalog.h"
#include "analysis/blocking/NonBlockingDescriptors.h"
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

/// Does the spelling of \p E in the file (macros unexpanded) contain the
/// identifier \p Ident, or, when \p E names a constant, the spelling of its
/// initializer? How flags like MSG_DONTWAIT are recognised.
bool spellingMentions(const Expr *E, llvm::StringRef Ident, ASTContext &Ctx);

/// Does \p E put the flag \p Ident in: `f | O_NONBLOCK`, not `f & ~O_NONBLOCK`?
/// Also through a local variable, from its initializer and every assignment
/// to it in its function (`int f = fcntl(fd, F_GETFL); f |= O_NONBLOCK;
/// fcntl(fd, F_SETFL, f)`), and through constants as spellingMentions does.
/// Any path that sets the flag counts (`f = on ? f | X : f & ~X` sets X):
/// like a descriptor made non-blocking once, the answer is not per path.
bool spellingSets(const Expr *E, llvm::StringRef Ident, ASTContext &Ctx);

/// True when \p Entry applies to \p Call: its only_if conditions hold and
/// none of its nonblocking_if conditions does. \p Descriptors (may be null)
/// answers nonblocking_descriptor conditions.
bool callBlocks(const CatalogEntry &Entry, const Expr *Call, ASTContext &Ctx,
                const NonBlockingDescriptors *Descriptors = nullptr);

} // namespace clang::tidy::concur

#endif
