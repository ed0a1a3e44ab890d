//===--- ThreadStarts.h - concur --------------------------------*- C++ -*-===//
//
// Where code starts work that runs elsewhere, and what it runs: the
// std::thread and std::jthread constructors (also through emplace_back on a
// container of threads), std::async unless deferred, pthread_create,
// concur::thread_pool::submit/post, Asio's post/dispatch/defer (on a thread
// pool, or on an executor whose threads we cannot see), concur's spawn onto
// an event loop, and the functions an option names. The callable is resolved
// to the function whose body runs: a function, a lambda, a member function
// with its object, a function object, a simple std::bind of one of these, or
// the coroutine a spawned task was made from. A class whose constructor
// starts a thread for a callable it is given (ThreadWrappers) starts one too. Also: what ends a
// thread's concurrency with its starter (join, future get/wait, pthread_join) or lets it escape
// (detach).
//
// The one model of "work starts here": the race check asks which starts run
// on another thread, the advisor asks which fan out.
//
//===----------------------------------------------------------------------===//

#ifndef CONCUR_CHECKS_ANALYSIS_THREADS_THREADSTARTS_H
#define CONCUR_CHECKS_ANALYSIS_THREADS_THREADSTARTS_H

#include "analysis/threads/ThreadWrappers.h"
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
  enum class Kind {
    Thread,   // std::thread
    JThread,  // std::jthread
    Async,    // std::async, not deferred
    Pthread,  // pthread_create, C11 thrd_create
    Pool,     // a job on a thread pool: concur::thread_pool, asio::post(pool, f)
    Executor, // asio::post/dispatch/defer on an executor: runs where its threads run
    Spawn,    // a task spawned onto the caller's event loop
    Listed,   // a function named in the ThreadStartFunctions option
  };
  Kind K = Kind::Thread;
  /// Does the work run concurrently with its starter on another thread?
  /// A task spawned on the starter's own loop does not; neither, as far as
  /// we know, does a handler posted to an executor whose threads we cannot see.
  bool runsOnAnotherThread() const { return K != Kind::Spawn && K != Kind::Executor; }
  const Expr *Call = nullptr;
  ThreadEntry Entry;
  /// pthread_create's or thrd_create's first argument (where the handle is stored).
  const Expr *PthreadHandle = nullptr;
  /// The container a thread is emplaced into (threads.emplace_back(f)).
  const Expr *Container = nullptr;
  /// The thread pool a job is posted to (asio::post(pool, f), pool.post(f)):
  /// its join() or wait() waits for the job.
  const Expr *Pool = nullptr;
  /// asio::dispatch: called on one of the pool's own threads, it runs the
  /// job before it returns.
  bool InlineOnPoolThread = false;
  /// What the start returns keeps it going: a std::thread/std::jthread, the
  /// std::future of std::async or of a pool submission.
  bool ReturnsHandle = true;
};

enum class HandleOperation { Join, Detach };

class ThreadStartModel {
public:
  /// \p ListedFunctions: functions that run a callable on another thread
  /// (option ThreadStartFunctions, the profiles'); \p ThreadTypes: classes
  /// whose constructor does (the profiles': asio::thread, boost::thread).
  /// hasName-style names.
  explicit ThreadStartModel(std::vector<std::string> ListedFunctions = {},
                            std::vector<std::string> ThreadTypes = {});

  /// Is \p E (a construct expression or a call) a start with an entry we can see?
  std::optional<ThreadStart> recognize(const Expr *E) const;

  /// The classes whose constructors start threads ("std::thread", ...) and
  /// the functions that start work (qualified with a leading "::"), for
  /// matchers that want to look only at candidates before calling recognize().
  std::vector<llvm::StringRef> threadTypeNames() const;
  std::vector<llvm::StringRef> startFunctionNames() const;
  /// Is \p Callee one of those functions: does calling it start work that
  /// runs on its own (a thread, a pool job, a spawned task)?
  bool isStartFunction(const FunctionDecl *Callee) const;

  /// t.join(), t.detach(), pthread_join(t, ...), fut.get(), fut.wait(),
  /// pool.join() and pool.wait() of a thread pool (every job posted to it),
  /// concur's pool.shutdown(): the operation and the expression naming the
  /// handle.
  std::optional<std::pair<HandleOperation, const Expr *>> handleOperation(const Expr *Call) const;

  /// Is \p F a constructor that starts a thread for a callable it is given
  /// (ThreadWrappers)? Its construction is the start.
  bool isWrapperConstructor(const FunctionDecl *F) const;

  /// Resolves a callable expression and the arguments that follow it.
  static std::optional<ThreadEntry> resolveCallable(const Expr *Fn, std::vector<const Expr *> Rest);

private:
  bool isThreadType(llvm::StringRef Name) const;
  bool isThreadRecord(const CXXRecordDecl *RD) const;
  /// A class of the project's that starts a thread for a callable it is given.
  bool isWrapperType(QualType T) const;
  std::vector<std::string> Listed;
  std::vector<std::string> ExtraThreadTypes;
  mutable ThreadWrappers Wrappers;
};

} // namespace clang::tidy::concur

#endif
