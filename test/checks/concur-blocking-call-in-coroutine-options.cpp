// RUN: %check_concur %s concur-blocking-call-in-coroutine %t \
// RUN:   --config="{CheckOptions: { \
// RUN:     concur-blocking-call-in-coroutine.BlockingFunctions: 'legacy::fetch=async_fetch;Db::query', \
// RUN:     concur-blocking-call-in-coroutine.NonBlockingFunctions: '::usleep;fast_path', \
// RUN:     concur-blocking-call-in-coroutine.IgnoredCoroutineTypes: '^test::task<int>$'}}" \
// RUN:   -- -I%runtime_include

// The options and annotations that keep users in control.

#include "coro.h"
#include <unistd.h>

namespace legacy {
int fetch(const char *url) { return 0; }
} // namespace legacy
test::ready async_fetch(const char *url) { return {}; }
struct Db {
  int query(const char *sql) { return 0; }
};
void fast_path(int fd) {
  char c;
  read(fd, &c, 1);
}

[[clang::annotate("concur::blocking")]] void flush_to_disk() {}
[[clang::annotate("concur::nonblocking")]] int cached_read(int fd) {
  char c;
  return read(fd, &c, 1); // served from a cache in practice
}

test::task<> options(Db &db, int fd) {
  legacy::fetch("http://example.com");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'legacy::fetch' in coroutine 'options' stalls its event loop
  db.query("select 1");
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: blocking call to 'Db::query' in coroutine 'options'
  usleep(10);    // NonBlockingFunctions
  fast_path(fd); // NonBlockingFunctions stops the chain too
  flush_to_disk();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'flush_to_disk' in coroutine 'options'
  cached_read(fd);
  co_return;
}

// IgnoredCoroutineTypes: this coroutine type is not run on an event loop.
test::task<int> ignored(int fd) {
  char c;
  read(fd, &c, 1);
  co_return 0;
}
