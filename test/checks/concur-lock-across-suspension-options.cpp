// RUN: %check_concur %s concur-lock-across-suspension %t \
// RUN:   --config="{CheckOptions: {concur-lock-across-suspension.LockTypes: 'util::spin_guard', \
// RUN:     concur-lock-across-suspension.AllowedAwaitables: 'strand::hop'}}" -- -I%runtime_include

// LockTypes adds RAII lock types; AllowedAwaitables lists awaitables that do
// not really suspend with the lock at risk (a strand hop that keeps the
// coroutine on its thread). Types annotated scoped_lockable are guards too.

#include "coro.h"
#include <mutex>

namespace util {
struct spin {
  void lock() {}
  void unlock() {}
};
struct spin_guard {
  explicit spin_guard(spin &s) : s(s) { s.lock(); }
  ~spin_guard() { s.unlock(); }
  spin &s;
};
} // namespace util

struct __attribute__((capability("mutex"))) annotated_mutex {
  void lock() __attribute__((acquire_capability())) {}
  void unlock() __attribute__((release_capability())) {}
};
struct __attribute__((scoped_lockable)) annotated_guard {
  explicit annotated_guard(annotated_mutex &m) __attribute__((acquire_capability(m))) : m(m) {}
  ~annotated_guard() __attribute__((release_capability())) {}
  annotated_mutex &m;
};

namespace strand {
test::ready hop() { return {}; }
} // namespace strand

util::spin s;
annotated_mutex am;
std::mutex m;

test::task<> custom_guard() {
  util::spin_guard g(s);
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'g' holds mutex 's' across a suspension point in coroutine 'custom_guard'
  co_await test::ready{};
}

test::task<> annotated() {
  annotated_guard g(am);
  // CHECK-MESSAGES: :[[@LINE-1]]:19: warning: 'g' holds mutex 'am' across a suspension point in coroutine 'annotated'
  co_await test::ready{};
}

test::task<> no_warning_allowed_hop() {
  std::lock_guard<std::mutex> lock(m);
  co_await strand::hop();
}
