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
