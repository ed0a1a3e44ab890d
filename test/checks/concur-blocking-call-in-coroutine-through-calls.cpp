// RUN: %check_concur %s concur-blocking-call-in-coroutine %t -- -I%runtime_include

// A call to a function of this translation unit that blocks, directly or
// through further calls, is reported at the call in the coroutine with the
// chain in notes.

#include "coro.h"
#include <thread>
#include <unistd.h>

int read_byte(int fd) {
  char c;
  return read(fd, &c, 1);
}
int fetch_all(int fd) { return read_byte(fd) + read_byte(fd); }
int load(int fd) { return fetch_all(fd); }

// Recursion does not hide what blocks.
int countdown(int n, int fd) { return n == 0 ? read_byte(fd) : countdown(n - 1, fd); }
int ping(int n);
int pong(int n) { return n > 0 ? ping(n - 1) : usleep(1); }
int ping(int n) { return pong(n); }

int pure(int n) { return n * 2; }
int pure_recursive(int n) { return n == 0 ? 0 : pure_recursive(n - 1); }

void spawn_and_join() { std::jthread t([] {}); }

test::task<> handler(int fd) {
  int a = load(fd);
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: call to 'load' in coroutine 'handler' blocks its event loop: it calls 'fetch_all', which calls 'read_byte', which calls 'read' [concur-blocking-call-in-coroutine]
  // CHECK-NOTES: :16:27: note: 'load' calls 'fetch_all' here
  // CHECK-NOTES: :15:32: note: 'fetch_all' calls 'read_byte' here
  // CHECK-NOTES: :13:10: note: 'read_byte' calls 'read' here, which is a blocking file call (certainty: likely)
  int b = countdown(3, fd);
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: call to 'countdown' in coroutine 'handler' blocks its event loop: it calls 'read_byte', which calls 'read'
  // CHECK-NOTES: :19:48: note: 'countdown' calls 'read_byte' here
  // CHECK-NOTES: :13:10: note: 'read_byte' calls 'read' here
  int c = ping(2);
  // CHECK-NOTES: :[[@LINE-1]]:11: warning: call to 'ping' in coroutine 'handler' blocks its event loop: it calls 'pong', which calls 'usleep'
  // CHECK-NOTES: :22:26: note: 'ping' calls 'pong' here
  // CHECK-NOTES: :21:48: note: 'pong' calls 'usleep' here, which is a blocking sleep call (certainty: certain)
  spawn_and_join();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: call to 'spawn_and_join' in coroutine 'handler' blocks its event loop: it destroys a std::jthread, which joins
  // CHECK-NOTES: :27:38: note: 'spawn_and_join' declares 't' here; the destructor of a std::jthread requests stop and joins the thread
  // CHECK-NOTES: :27:48: note: 't' is destroyed here
  int d = pure(a) + pure_recursive(b);
  co_return;
}
