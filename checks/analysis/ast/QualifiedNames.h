//===--- QualifiedNames.h - concur ------------------------------*- C++ -*-===//
//
// Names of resolved declarations in the form the catalogue and the options
// use: "std::future::get", "::recv", "Class::Class" for constructors. Inline
// namespaces (libstdc++'s __cxx11, libc++'s __1 and __fs) and template arguments are
// left out so one spelling matches every standard library.
//
//===----------------------------------------------------------------------===//

#ifndef CONCUR_CHECKS_ANALYSIS_AST_QUALIFIEDNAMES_H
#define CONCUR_CHECKS_ANALYSIS_AST_QUALIFIEDNAMES_H

#include "clang/AST/Decl.h"
#include "clang/AST/Type.h"
#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::concur {

/// "std::this_thread::sleep_for", "recv" (global: no leading colons),
/// "std::basic_ifstream::basic_ifstream".
std::string qualifiedName(const NamedDecl *D);

/// The class \p T names, through references and sugar (null if it names none).
const CXXRecordDecl *recordOf(QualType T);
/// qualifiedName of recordOf(T): "std::unique_lock" for `std::unique_lock<std::mutex> &`, or "".
std::string recordName(QualType T);
/// The first template argument of a class template specialisation, when it is a type:
/// std::thread for `std::vector<std::thread>`.
std::optional<QualType> firstTypeArgument(QualType T);

/// Does \p Qualified (as returned by qualifiedName) match \p Pattern?
/// Like clang's hasName: "::a::b" must match the whole name, "a::b" matches
/// any name that ends in "::a::b" or is "a::b".
bool nameMatches(llvm::StringRef Qualified, llvm::StringRef Pattern);

/// Does \p Qualified match any of \p Patterns (nameMatches)?
bool matchesAnyName(llvm::StringRef Qualified, const std::vector<std::string> &Patterns);

/// The last component of a pattern or qualified name: "get" for "std::future::get".
llvm::StringRef lastComponent(llvm::StringRef Name);

/// Splits a ';'-separated option value, trimming blanks and dropping empties.
std::vector<std::string> splitList(llvm::StringRef Value);

/// \p Names (the profiles') followed by the items of the option value
/// \p Listed (the user's, ';'-separated).
std::vector<std::string> withListed(std::vector<std::string> Names, llvm::StringRef Listed);

/// The plain identifier of \p D, or "" for operators, constructors and
/// conversions (NamedDecl::getName() asserts on those).
llvm::StringRef identifierName(const NamedDecl *D);

/// Is \p D part of the concur runtime? Its I/O is non-blocking by design, so
/// the analyses do not look inside it.
bool isInConcurRuntime(const NamedDecl *D);

/// A key that names \p D (its canonical declaration) for as long as the AST
/// lives: how the analyses name holders of locks and handles of threads.
std::string declKey(const ValueDecl *D);

/// The name users see for a function: "Session::run", "handle", "lambda".
std::string displayName(const FunctionDecl *FD);

} // namespace clang::tidy::concur

#endif
