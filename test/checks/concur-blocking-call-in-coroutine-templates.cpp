// RUN: %check_concur %s concur-blocking-call-in-coroutine %t -- -I%runtime_include

// A template coroutine is reported once per line, not once per instantiation;
// calls that depend on the template argument are found in instantiations.

#include "coro.h"
#include <future>
#include <unistd.h>

template <typename T> test::task<> relay(int fd, T &source) {
  char c;
  read(fd, &c, 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'read' in coroutine 'relay'
  source.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: blocking call to 'std::future::get' in coroutine 'relay'
  co_return;
}

template <typename T> test::task<> never_instantiated(int fd) {
  char c;
  read(fd, &c, 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'read' in coroutine 'never_instantiated'
  co_return;
}

struct not_a_future {
  int get() { return 0; }
};

void instantiate(std::future<int> &a, std::future<long> &b, not_a_future &c) {
  relay(0, a);
  relay(0, b);
  relay(0, c);
}
