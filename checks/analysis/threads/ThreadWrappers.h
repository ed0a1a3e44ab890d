//===--- ThreadWrappers.h - concur ------------------------------*- C++ -*-===//
//
// Classes that start a thread for a callable they are given: a project's own
// `thread` class whose constructor takes a name, a callable and callbacks,
// and starts a std::thread into one of its fields that runs the callable.
// Found from the code itself, so that `m_thread = details::thread(name,
// [this] { work_loop(); })` is a thread start like `std::thread(...)`, and
// the wrapper's join() and detach() end it like std::thread's.
//
//===----------------------------------------------------------------------===//

#ifndef CONCUR_CHECKS_ANALYSIS_THREADS_THREADWRAPPERS_H
#define CONCUR_CHECKS_ANALYSIS_THREADS_THREADWRAPPERS_H

#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include <optional>

namespace clang::tidy::concur {

/// \p IsThreadType below: is this class a thread (std::thread, std::jthread,
/// a profile's thread type), whose constructor runs its first argument?
using ThreadTypePredicate = llvm::function_ref<bool(const CXXRecordDecl *)>;

class ThreadWrappers {
public:
  /// The parameter of \p Ctor whose callable the thread it starts runs, if
  /// the constructor starts one into a field of its class.
  std::optional<unsigned> callableParameter(const CXXConstructorDecl *Ctor,
                                            ThreadTypePredicate IsThreadType);

  /// Does the class hold a thread that one of its constructors starts for a
  /// callable (so its join() and detach() are the thread's)?
  bool isWrapper(const CXXRecordDecl *Class, ThreadTypePredicate IsThreadType);

private:
  llvm::DenseMap<const CXXConstructorDecl *, std::optional<unsigned>> Params;
  llvm::DenseMap<const CXXRecordDecl *, bool> Wrappers;
};

} // namespace clang::tidy::concur

#endif
