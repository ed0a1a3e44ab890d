//===--- MemoryFunctions.h - concur -----------------------------*- C++ -*-===//
//
// What the C library's memory and string functions do to the memory their
// pointer arguments point to: memset writes its first, memcpy writes its
// first and reads its second, memcmp reads both. A race on a buffer is as
// often through these as through assignments (TSan's memcpy_race tests).
//
//===----------------------------------------------------------------------===//

#ifndef CONCUR_CHECKS_ANALYSIS_RACES_MEMORYFUNCTIONS_H
#define CONCUR_CHECKS_ANALYSIS_RACES_MEMORYFUNCTIONS_H

#include "clang/AST/Decl.h"
#include "llvm/ADT/SmallVector.h"
#include <optional>

namespace clang::tidy::concur {

struct PointeeAccess {
  unsigned Arg; // the pointer argument
  bool Write;
};

/// The accesses a call of \p Callee makes through its pointer arguments, if
/// it is one of the C library's memory or string functions (also their
/// __builtin_ and _chk forms); std::nullopt for any other function.
std::optional<llvm::SmallVector<PointeeAccess, 2>>
memoryFunctionAccesses(const FunctionDecl *Callee);

} // namespace clang::tidy::concur

#endif
