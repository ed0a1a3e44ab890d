//===--- BlockingCallFixes.h - concur ---------------------------*- C++ -*-===//
//
// Rewrites a blocking call in a coroutine into its awaitable form:
//   std::this_thread::sleep_for(d) -> co_await concur::sleep_for(d)
//   sleep(n) / usleep(n)           -> co_await concur::sleep_for(std::chrono::...(n))
//   any other call E               -> co_await concur::to_thread([&] { return E; })
// and only where the rewrite keeps the program's meaning and compiles.
//
//===----------------------------------------------------------------------===//

#ifndef CONCUR_CHECKS_BLOCKINGCALLFIXES_H
#define CONCUR_CHECKS_BLOCKINGCALLFIXES_H

#include "analysis/blocking/BlockingCatalog.h"
#include "clang/AST/ASTContext.h"
#include "clang/Basic/Diagnostic.h"
#include <optional>
#include <string>

namespace clang::tidy::concur {

/// The spellings the fixes write; options so Boost.Asio or cppcoro users can
/// point them at their own library.
struct FixSpellings {
  std::string Sleep = "concur::sleep_for";
  std::string SleepUntil = "concur::sleep_until";
  std::string Offload = "concur::to_thread";
  std::string IncludeHeader = "<concur/concur.hpp>";
};

struct BlockingCallFix {
  FixItHint Replacement;
  bool NeedsRuntimeHeader = true;
};

/// A rewrite of \p Call into an awaitable of kind \p Kind, or nothing when
/// none is safe (macros, lvalue results, constructors, ...). \p UserReplacement
/// is the function named in BlockingFunctions for FixKind::Replace.
std::optional<BlockingCallFix> makeBlockingCallFix(const Expr *Call, FixKind Kind,
                                                   llvm::StringRef UserReplacement,
                                                   const FixSpellings &Spellings, ASTContext &Ctx);

} // namespace clang::tidy::concur

#endif
