// RUN: %check_concur %s concur-blocking-call-in-coroutine %t -- -I%runtime_include
// RUN: %check_concur %s concur-blocking-call-in-coroutine %t.certain --check-suffix=CERTAIN \
// RUN:   --config="{CheckOptions: {concur-blocking-call-in-coroutine.MinimumCertainty: certain}}" \
// RUN:   -- -I%runtime_include

// MinimumCertainty drops the calls that only may block (close() rarely
// does), keeping the ones that always do.

#include "coro.h"
#include <unistd.h>

test::task<> handler(int fd) {
  close(fd);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'close' in coroutine 'handler'
  sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'sleep' in coroutine 'handler'
  // CHECK-MESSAGES-CERTAIN: :[[@LINE-2]]:3: warning: blocking call to 'sleep' in coroutine 'handler'
  co_return;
}
