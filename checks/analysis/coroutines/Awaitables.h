//===--- Awaitables.h - concur ----------------------------------*- C++ -*-===//
//
// What a value of a type does when it is awaited, and so what is lost when
// it is not: an awaiter (await_ready/await_suspend/await_resume: a hop, a
// timer, a lock) does nothing until it is awaited; a coroutine type whose
// promise suspends at the start (initial_suspend is suspend_always, or an
// awaiter whose await_ready is `return false;`) is a lazy task that never
// runs unless it is awaited or started; an eager task has run already.
//
//===----------------------------------------------------------------------===//

#ifndef CONCUR_CHECKS_ANALYSIS_COROUTINES_AWAITABLES_H
#define CONCUR_CHECKS_ANALYSIS_COROUTINES_AWAITABLES_H

#include "clang/AST/DeclCXX.h"
#include "clang/AST/Type.h"
#include <string>
#include <vector>

namespace clang::tidy::concur {

enum class AwaitableKind {
  None,      // not awaitable, or we cannot tell
  Awaiter,   // does its work when awaited
  LazyTask,  // a coroutine that starts when awaited
  EagerTask, // a coroutine that started when it was called
  Generator, // a lazy coroutine that yields values and is iterated, not awaited
};

/// Classifies \p T. \p LazyTaskTypes: hasName-style names of in-house task
/// types to take as lazy whatever their promise says.
AwaitableKind classifyAwaitable(QualType T, const std::vector<std::string> &LazyTaskTypes = {});

/// The promise type of a coroutine type (its nested promise_type), or null.
const CXXRecordDecl *promiseOf(const CXXRecordDecl *Coroutine);

/// Can a coroutine whose promise is \p Promise `co_await` a \p T? True when
/// the promise does not transform what it awaits, or has an await_transform
/// that is a template or takes a T (or a base of T).
bool promiseAccepts(const CXXRecordDecl *Promise, QualType T);

} // namespace clang::tidy::concur

#endif
