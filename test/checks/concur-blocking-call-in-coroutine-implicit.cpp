// RUN: %check_concur %s concur-blocking-call-in-coroutine %t -- -I%runtime_include

// Destructors that block: a std::jthread joins, the std::future of
// std::async waits.

#include "coro.h"
#include <future>
#include <thread>
#include <utility>

int work() { return 1; }

test::task<> joins_at_scope_end() {
  std::jthread worker([] {});
  // CHECK-NOTES: :[[@LINE-1]]:16: warning: 'worker' is a std::jthread destroyed in coroutine 'joins_at_scope_end': its destructor joins the thread and stalls the event loop [concur-blocking-call-in-coroutine]
  co_await test::ready{};
}
// CHECK-NOTES: :[[@LINE-1]]:1: note: 'worker' is destroyed here

test::task<> waits_at_scope_end() {
  {
    auto f = std::async(std::launch::async, work);
    // CHECK-NOTES: :[[@LINE-1]]:10: warning: 'f' holds the std::future of a std::async call; destroying it in coroutine 'waits_at_scope_end' waits for the task and stalls the event loop
    co_await test::ready{};
  }
  // CHECK-NOTES: :[[@LINE-1]]:3: note: 'f' is destroyed here
}

test::task<> discarded_future() {
  std::async(std::launch::async, work);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: the std::future returned by 'std::async' is destroyed at the end of this statement in coroutine 'discarded_future', which waits for the task and stalls its event loop
  // CHECK-NOTES: :[[@LINE-2]]:3: note: keep the future, or use 'co_await concur::to_thread(...)' instead
  co_return;
}

std::jthread keep;
test::task<> no_warning_moved_or_detached() {
  std::jthread moved([] {});
  keep = std::move(moved);
  std::jthread detached([] {});
  detached.detach();
  std::future<int> deferred; // not from std::async
  co_return;
}
