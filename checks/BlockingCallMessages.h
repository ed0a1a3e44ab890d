//===--- BlockingCallMessages.h - concur ------------------------*- C++ -*-===//
//
// The words of concur-blocking-call-in-coroutine's findings: what a blocking
// site is, the note under a direct call, and the path of a chain ("it calls
// 'load', which calls 'read'"). Kept apart from the walk that finds them so
// that both read as one job each.
//
//===----------------------------------------------------------------------===//

#ifndef CONCUR_CHECKS_BLOCKINGCALLMESSAGES_H
#define CONCUR_CHECKS_BLOCKINGCALLMESSAGES_H

#include "analysis/blocking/CallSummaries.h"
#include <string>

namespace clang::tidy::concur {

/// "is a blocking file call (certainty: likely)", or "blocks (...)" for the
/// user's own and annotated functions.
std::string describeSite(const BlockingSite &Site);

/// The note under a direct blocking call: what it is, why, and what to use.
std::string directCallNote(const BlockingSite &Site);

/// How a call to \p CalledName ends up blocking, from the callee down: "it
/// calls 'a', which calls 'read'", "it destroys a std::jthread, which
/// joins", ... (a C function named like a frame before it is '::read').
std::string chainPath(const BlockingChain &Chain, llvm::StringRef CalledName = "");

} // namespace clang::tidy::concur

#endif
