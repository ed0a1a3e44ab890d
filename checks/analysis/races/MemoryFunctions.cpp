//===--- MemoryFunctions.cpp - concur -------------------------------------===//

#include "analysis/races/MemoryFunctions.h"
#include "analysis/ast/QualifiedNames.h"
#include "llvm/ADT/StringSwitch.h"

namespace clang::tidy::concur {

namespace {
enum class Shape {
  None,
  Writes,     // memset(dst, ...), bzero(dst, n)
  CopiesInto, // memcpy(dst, src, n): writes dst, reads src
  ReadsOne,   // strlen(s), memchr(s, c, n)
  ReadsTwo,   // memcmp(a, b, n)
};
} // namespace

std::optional<llvm::SmallVector<PointeeAccess, 2>>
memoryFunctionAccesses(const FunctionDecl *Callee) {
  if (!Callee || !Callee->getDeclContext()->getRedeclContext()->isTranslationUnit())
    return std::nullopt; // the C library's, not a namesake in a namespace or class
  llvm::StringRef Name = identifierName(Callee);
  // __builtin_memcpy, __builtin___memcpy_chk (_FORTIFY_SOURCE), __memcpy_chk.
  Name.consume_front("__builtin_");
  Name.consume_front("__");
  Name.consume_back("_chk");
  Shape S = llvm::StringSwitch<Shape>(Name)
                .Cases("memset", "bzero", "explicit_bzero", Shape::Writes)
                .Cases("memcpy", "memmove", "mempcpy", "memccpy", Shape::CopiesInto)
                .Cases("strcpy", "strncpy", "stpcpy", "strcat", "strncat", Shape::CopiesInto)
                .Cases("strlen", "strnlen", "memchr", "strchr", "strrchr", Shape::ReadsOne)
                .Cases("memcmp", "bcmp", "strcmp", "strncmp", Shape::ReadsTwo)
                .Default(Shape::None);
  switch (S) {
  case Shape::Writes:
    return llvm::SmallVector<PointeeAccess, 2>{{0, true}};
  case Shape::CopiesInto:
    return llvm::SmallVector<PointeeAccess, 2>{{0, true}, {1, false}};
  case Shape::ReadsOne:
    return llvm::SmallVector<PointeeAccess, 2>{{0, false}};
  case Shape::ReadsTwo:
    return llvm::SmallVector<PointeeAccess, 2>{{0, false}, {1, false}};
  case Shape::None:
    break;
  }
  return std::nullopt;
}

} // namespace clang::tidy::concur
