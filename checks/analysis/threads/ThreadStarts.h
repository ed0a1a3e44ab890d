//===--- ThreadStarts.h - concur --------------------------------*- C++ -*-===//
//
// Where code starts running on another thread, and what it runs: the
// std::thread and std::jthread constructors (also through emplace_back on a
// container of threads), std::async unless deferred, pthread_create,
// concur::thread_pool::submit/post, and the functions an option names. The
// callable is resolved to the function whose body runs: a function, a
// lambda, a member function with its object, a function object, or a simple
// std::bind of one of these. Also: what ends a thread's concurrency with its
// starter (join, future get/wait, pthread_join) or lets it escape (detach).
//
//===----------------------------------------------------------------------===//

#ifndef CONCUR_CHECKS_ANALYSIS_THREADSTARTS_H
#define CONCUR_CHECKS_ANALYSIS_THREADSTARTS_H

#include "clang/AST/Expr.h"
#include "llvm/ADT/StringRef.h"
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::concur {

/// The function a thread runs and what it is given.
struct ThreadEntry {
  const FunctionDecl *Function = nullptr;
  /// Its body is a lambda's: `this` there is the enclosing object.
  bool IsLambda = false;
  /// For a member function or a function object: the object it runs on.
  /// Passed by value, the thread works on its own copy.
  const Expr *Object = nullptr;
  bool ObjectRefWrapped = false; // std::ref(obj)
  /// The arguments, one per parameter of Function. The thread library copies
  /// them, so only pointers and std::ref reach the starter's objects.
  struct Argument {
    const Expr *E = nullptr;
    bool RefWrapped = false;
  };
  std::vector<Argument> Args;
  /// Arguments are bound as a thread library does (decay-copied), not as a call does.
  bool CopiesArguments = true;
};

struct ThreadStart {
  enum class Kind { Thread, JThread, Async, Pthread, Pool, Listed };
  Kind K = Kind::Thread;
  const Expr *Call = nullptr;
  ThreadEntry Entry;
  /// pthread_create's first argument (where the pthread_t is stored).
  const Expr *PthreadHandle = nullptr;
  /// The container a thread is emplaced into (threads.emplace_back(f)).
  const Expr *Container = nullptr;
  /// What the start returns keeps it going: a std::thread/std::jthread, the
  /// std::future of std::async or of a pool submission.
  bool ReturnsHandle = true;
};

enum class HandleOperation { Join, Detach };

class ThreadStartModel {
public:
  /// \p ListedFunctions: option ThreadStartFunctions (hasName-style names).
  explicit ThreadStartModel(std::vector<std::string> ListedFunctions = {});

  /// Is \p E (a construct expression or a call) a thread start with an entry we can see?
  std::optional<ThreadStart> recognize(const Expr *E) const;

  /// t.join(), t.detach(), pthread_join(t, ...), fut.get(), fut.wait():
  /// the operation and the expression naming the handle.
  std::optional<std::pair<HandleOperation, const Expr *>> handleOperation(const Expr *Call) const;

  /// Resolves a callable expression and the arguments that follow it.
  static std::optional<ThreadEntry> resolveCallable(const Expr *Fn, std::vector<const Expr *> Rest);

private:
  std::vector<std::string> Listed;
};

} // namespace clang::tidy::concur

#endif
