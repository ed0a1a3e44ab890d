// RUN: %check_concur %s concur-blocking-call-in-coroutine %t -- -I%runtime_include
// Regression test from docs/real-world.md, class C6 (survey 3, profile off:
// 13 findings). A socket layer in libcoro's style turns O_NONBLOCK on through
// a flags variable, either in a two-way setter or with `|=`; the socket's
// reads in coroutines returned EAGAIN but were reported as blocking.

#include "coro.h"
#include <fcntl.h>
#include <sys/socket.h>

namespace net {

class socket {
public:
  explicit socket(int fd) : fd_(fd) {}
  // Both ways through one variable: any path that sets the flag counts.
  bool set_blocking(bool yes) {
    int flags = fcntl(fd_, F_GETFL, 0);
    flags = yes ? flags & ~O_NONBLOCK : flags | O_NONBLOCK;
    return fcntl(fd_, F_SETFL, flags) == 0;
  }
  int native() const { return fd_; }

private:
  int fd_ = -1;
};

class listener {
public:
  explicit listener(int fd) : fd_(fd) {
    int flags = fcntl(fd_, F_GETFL, 0);
    flags |= O_NONBLOCK;
    fcntl(fd_, F_SETFL, flags);
  }
  int native() const { return fd_; }

private:
  int fd_ = -1;
};

// Only ever cleared: this one stays blocking.
class blocking_socket {
public:
  explicit blocking_socket(int fd) : fd_(fd) {
    int flags = fcntl(fd_, F_GETFL, 0);
    fcntl(fd_, F_SETFL, flags & ~O_NONBLOCK);
    int again = flags;
    again &= ~O_NONBLOCK;
    fcntl(fd_, F_SETFL, again);
  }
  int native() const { return fd_; }

private:
  int fd_ = -1;
};

// The flags come from the caller: what they hold is not known here.
inline void set_flags(int fd, int flags) { fcntl(fd, F_SETFL, flags); }

inline test::task<long> read_some(socket &s, char *buf, long n) {
  co_await test::ready{}; // stands for co_await poll(fd, read)
  co_return ::recv(s.native(), buf, n, 0);
}

inline test::task<int> accept_one(listener &l) {
  co_await test::ready{};
  co_return ::accept(l.native(), nullptr, nullptr);
}

inline test::task<long> read_blocking(blocking_socket &s, char *buf, long n) {
  co_return ::recv(s.native(), buf, n, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: blocking call to 'recv' in coroutine 'read_blocking'
}

inline test::task<long> read_from(int fd, char *buf, long n) {
  set_flags(fd, O_NONBLOCK); // a parameter's value: not followed
  co_return ::recv(fd, buf, n, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: blocking call to 'recv' in coroutine 'read_from'
}

} // namespace net
