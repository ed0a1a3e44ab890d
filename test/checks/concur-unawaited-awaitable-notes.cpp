// RUN: %check_concur %s concur-unawaited-awaitable %t -- -I%runtime_include -Wno-unused-result

// The notes say what was lost and what to do where no fix applies.

#include <concur/concur.hpp>
#include <coroutine>

concur::task<int> child() { co_return 1; }

concur::task<> hop_dropped(concur::thread_pool &pool) {
  concur::resume_on(pool);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the awaitable returned by 'resume_on' is discarded without co_await: it does nothing until it is awaited [concur-unawaited-awaitable]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: 'resume_on' moves the coroutine only when awaited: the code after it runs where it was
  // CHECK-FIXES: {{^}}  co_await concur::resume_on(pool);{{$}}
  co_return;
}

void start_all() {
  child();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the task returned by 'child' is never awaited: a lazy coroutine does not run until it is awaited [concur-unawaited-awaitable]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: 'start_all' is not a coroutine: await it from one, or hand it to an executor (spawn, sync_wait, start)
}

// A coroutine type whose promise awaits only its own hop: co_await of a
// concur::task would not compile there, so there is no fix.
struct strict {
  struct hop {
    bool await_ready() const noexcept { return true; }
    void await_suspend(std::coroutine_handle<>) const noexcept {}
    void await_resume() const noexcept {}
  };
  struct promise_type {
    strict get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
    hop await_transform(hop h) { return h; }
  };
};

strict restricted() {
  child();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the task returned by 'child' is never awaited
  co_await strict::hop{};
}

#define LATER(x) x
concur::task<> in_macro() {
  LATER(child());
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: the task returned by 'child' is never awaited
  // CHECK-NOTES: :[[@LINE-4]]:18: note: expanded from macro 'LATER'
  // CHECK-NOTES: :[[@LINE-3]]:9: note: add 'co_await' before it
  co_return;
}
