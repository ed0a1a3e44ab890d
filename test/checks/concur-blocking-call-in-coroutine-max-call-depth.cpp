// RUN: %check_concur %s concur-blocking-call-in-coroutine %t \
// RUN:   --config="{CheckOptions: {concur-blocking-call-in-coroutine.MaxCallDepth: 2}}" \
// RUN:   -- -I%runtime_include
// RUN: %check_concur %s concur-blocking-call-in-coroutine %t.off --check-suffix=OFF \
// RUN:   --config="{CheckOptions: {concur-blocking-call-in-coroutine.MaxCallDepth: 0}}" \
// RUN:   -- -I%runtime_include
// With MaxCallDepth 0 there are no CHECK-MESSAGES-OFF lines: nothing is reported.

// MaxCallDepth bounds how many user functions a chain may pass through; 0
// reports only direct calls.

#include "coro.h"
#include <unistd.h>

int read_byte(int fd) {
  char c;
  return read(fd, &c, 1);
}
int one_level(int fd) { return read_byte(fd); }
int two_levels(int fd) { return one_level(fd); }

test::task<> handler(int fd) {
  read_byte(fd);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'read_byte' in coroutine 'handler' blocks its event loop: it calls 'read'
  one_level(fd);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'one_level' in coroutine 'handler' blocks its event loop: it calls 'read_byte', which calls 'read'
  two_levels(fd); // three functions deep: beyond MaxCallDepth 2
  co_return;
}
