// RUN: %check_concur %s concur-blocking-call-in-coroutine %t \
// RUN:   --config="{CheckOptions: { \
// RUN:     concur-blocking-call-in-coroutine.SleepReplacement: 'myrt::delay', \
// RUN:     concur-blocking-call-in-coroutine.OffloadReplacement: 'myrt::offload', \
// RUN:     concur-blocking-call-in-coroutine.IncludeHeader: 'myrt.h', \
// RUN:     concur-blocking-call-in-coroutine.BlockingFunctions: 'legacy_get=myrt::async_get'}}" \
// RUN:   -- -I%S/Inputs/spellings

// The fix spellings are options, for runtimes other than concur.

#include "coro.h"
#include <chrono>
#include <thread>
#include <unistd.h>
// CHECK-FIXES: #include "myrt.h"

int legacy_get(int key) { return key; }

test::task<> spelled(int fd) {
  std::this_thread::sleep_for(std::chrono::milliseconds(1));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for'
  // CHECK-FIXES: {{^}}  co_await myrt::delay(std::chrono::milliseconds(1));{{$}}
  char c;
  read(fd, &c, 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'read'
  // CHECK-FIXES: {{^}}  co_await myrt::offload([&] { read(fd, &c, 1); });{{$}}
  int v = legacy_get(3);
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: blocking call to 'legacy_get'
  // CHECK-FIXES: {{^}}  int v = co_await myrt::async_get(3);{{$}}
  co_return;
}
