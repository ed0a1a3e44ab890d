// RUN: %check_concur %s concur-blocking-call-in-coroutine %t -- -I%runtime_include

// Arguments that make a blocking function return at once silence it; the
// same call with a blocking argument is still reported.

#include "coro.h"
#include <chrono>
#include <future>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <sys/wait.h>

using namespace std::chrono_literals;

test::task<> no_warning_zero_timeouts(pollfd *fds, int ep, epoll_event *events, int n) {
  poll(fds, 1, 0);
  epoll_wait(ep, events, 8, 0);
  timeval zero{0, 0};
  select(n, nullptr, nullptr, nullptr, &zero);
  co_return;
}

test::task<> blocking_timeouts(pollfd *fds, int ep, epoll_event *events, int n, int timeout) {
  poll(fds, 1, -1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'poll'
  poll(fds, 1, timeout);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'poll'
  epoll_wait(ep, events, 8, 100);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'epoll_wait'
  select(n, nullptr, nullptr, nullptr, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'select'
  co_return;
}

test::task<> no_warning_wnohang() {
  int status;
  waitpid(-1, &status, WNOHANG);
  co_return;
}

test::task<> no_warning_zero_waits(std::future<int> &f) {
  f.wait_for(0s);
  f.wait_for(std::chrono::milliseconds(0));
  f.wait_for(std::chrono::seconds::zero());
  co_return;
}

test::task<> blocking_waits(std::future<int> &f) {
  f.wait_for(10ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'std::future::wait_for'
  co_return;
}

test::task<> msg_flags(int fd, char *buf) {
  recv(fd, buf, 8, MSG_PEEK);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'recv'
  recv(fd, buf, 8, MSG_PEEK | MSG_DONTWAIT);
  co_return;
}

constexpr int kPoll = MSG_DONTWAIT | MSG_PEEK;

test::task<> flags_in_variables(int fd, char *buf, int chosen) {
  const int dont_wait = MSG_DONTWAIT;
  recv(fd, buf, 8, dont_wait); // a constant: its initializer is what it holds
  recv(fd, buf, 8, kPoll);
  int flags = MSG_DONTWAIT;
  flags = chosen;
  recv(fd, buf, 8, flags); // may have changed: assumed blocking
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'recv'
  const int peek = MSG_PEEK;
  recv(fd, buf, 8, peek);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'recv'
  co_return;
}

test::task<> flags_parameter(int fd, char *buf, const int flags = MSG_DONTWAIT) {
  recv(fd, buf, 8, flags); // a caller may pass other flags
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'recv'
  co_return;
}
