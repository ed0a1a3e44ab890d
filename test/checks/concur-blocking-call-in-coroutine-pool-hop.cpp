// RUN: %check_concur %s concur-blocking-call-in-coroutine %t \
// RUN:   --config="{CheckOptions: {concur-blocking-call-in-coroutine.PoolHopAwaitables: 'test::pool::schedule'}}" \
// RUN:   -- -I%runtime_include

// After a hop onto a thread pool, blocking is fine until the coroutine may
// be back on its loop.

#include "coro.h"
#include <unistd.h>

test::task<> no_warning_after_hop(test::pool &pool, int fd) {
  co_await pool.schedule();
  char c;
  read(fd, &c, 1);
  sleep(1);
}

test::task<> back_on_the_loop(test::pool &pool, test::loop &loop, int fd) {
  char c;
  read(fd, &c, 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'read'
  co_await pool.schedule();
  read(fd, &c, 1);
  co_await loop.schedule(); // any other suspension may resume on the loop
  read(fd, &c, 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'read'
}

test::task<> hop_in_a_branch(test::pool &pool, bool offload, int fd) {
  char c;
  if (offload) {
    co_await pool.schedule();
    read(fd, &c, 1);
  }
  // Only straight-line code is followed: after the branch we may be on the loop.
  read(fd, &c, 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'read'
}

test::task<> hop_before_a_loop(test::pool &pool, test::loop &loop, int fd) {
  char c;
  co_await pool.schedule();
  for (int i = 0; i < 3; ++i) {
    // The second iteration starts where the first one suspended.
    read(fd, &c, 1);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'read'
    co_await loop.schedule();
  }
}
