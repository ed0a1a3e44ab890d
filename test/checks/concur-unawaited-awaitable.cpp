// RUN: %check_concur %s concur-unawaited-awaitable %t -- -I%runtime_include -Wno-unused-result

// A hop, a timer or a lazy task dropped without co_await does nothing. The
// fix adds the co_await; the runner compiles the fixed file.

#include <chrono>
#include <concur/concur.hpp>
#include <coroutine>

using namespace std::chrono_literals;

namespace lib {
// A hand-written awaiter, as executors hand out for their schedule().
struct hop {
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) const noexcept {}
  void await_resume() const noexcept {}
};
struct executor {
  hop schedule() { return {}; }
};

// A task that starts at once: its work is under way when it is dropped.
struct eager {
  struct promise_type {
    eager get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_void() {}
    void unhandled_exception() {}
  };
};
} // namespace lib

concur::task<int> child() { co_return 1; }
lib::eager fire_and_forget() { co_return; }
void pass(concur::task<int>) {}

concur::task<> hops(concur::thread_pool &pool, lib::executor &ex, bool again) {
  concur::resume_on(pool);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the awaitable returned by 'resume_on' is discarded without co_await: it does nothing until it is awaited [concur-unawaited-awaitable]
  // CHECK-FIXES: {{^}}  co_await concur::resume_on(pool);{{$}}
  ex.schedule();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the awaitable returned by 'executor::schedule' is discarded
  // CHECK-FIXES: {{^}}  co_await ex.schedule();{{$}}
  concur::sleep_for(10ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the awaitable returned by 'sleep_for' is discarded
  // CHECK-FIXES: {{^}}  co_await concur::sleep_for(10ms);{{$}}
  child();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the task returned by 'child' is never awaited: a lazy coroutine does not run until it is awaited
  // CHECK-FIXES: {{^}}  co_await child();{{$}}
  if (again)
    child();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: the task returned by 'child' is never awaited
  // CHECK-FIXES: {{^}}    co_await child();{{$}}
  auto inner = []() -> concur::task<> {
    child();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: the task returned by 'child' is never awaited
    // CHECK-FIXES: {{^}}    co_await child();{{$}}
    co_return;
  };
  co_await inner();
}

// Outside a coroutine there is nothing to add (the notes test has what it says).
void start_all() {
  child();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the task returned by 'child' is never awaited
}

// Awaited, kept, handed on, returned, spawned or dropped on purpose: no warning.
concur::task<int> no_warnings(concur::thread_pool &pool, lib::executor &ex) {
  co_await concur::resume_on(pool);
  co_await ex.schedule();
  int v = co_await child();
  auto later = child();
  concur::task<int> assigned = child();
  assigned = child();
  pass(child());
  (void)child();
  fire_and_forget();
  concur::spawn(child());
  v += co_await std::move(later);
  co_return v + co_await std::move(assigned);
}

concur::task<int> forwards() { return child(); }

// A template is checked in its instantiations, once per line.
template <typename T> concur::task<> twice(T &ex) {
  ex.schedule();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the awaitable returned by 'executor::schedule' is discarded
  // CHECK-FIXES: {{^}}  co_await ex.schedule();{{$}}
  co_return;
}
template concur::task<> twice(lib::executor &);
