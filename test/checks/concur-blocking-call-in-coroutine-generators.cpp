// RUN: %check_concur %s concur-blocking-call-in-coroutine %t -- -I%runtime_include
// RUN: %check_concur %s concur-blocking-call-in-coroutine %t.on --check-suffix=ON \
// RUN:   --config="{CheckOptions: {concur-blocking-call-in-coroutine.CheckSynchronousGenerators: true}}" \
// RUN:   -- -I%runtime_include

// A synchronous generator (no co_await, a promise with yield_value) runs on
// its consumer's thread and is skipped unless CheckSynchronousGenerators.

#include "coro.h"
#include <unistd.h>

test::generator<int> lines(int fd) {
  char c;
  while (read(fd, &c, 1) > 0)
    // CHECK-MESSAGES-ON: :[[@LINE-1]]:10: warning: blocking call to 'read' in coroutine 'lines'
    co_yield c;
}

// A generator cannot co_await, so no fix is offered even when it is checked.
test::generator<int> numbers() {
  sleep(1);
  // CHECK-MESSAGES-ON: :[[@LINE-1]]:3: warning: blocking call to 'sleep' in coroutine 'numbers'
  // CHECK-FIXES-ON: {{^}}  sleep(1);{{$}}
  co_yield 1;
}
