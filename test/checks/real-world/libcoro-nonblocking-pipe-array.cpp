// RUN: %check_concur %s concur-blocking-call-in-coroutine %t -- -std=c++20 -I%runtime_include
// Regression test from docs/real-world.md, class C7 (survey 3, profile off:
// 15 findings). A wake-up pipe in libcoro's style keeps its two descriptors
// in a std::array, makes both non-blocking in a range-for, and hands them
// out by const reference; the coroutines' reads and writes on them were
// reported as blocking.

#include "coro.h"
#include <array>
#include <fcntl.h>
#include <unistd.h>
#include <vector>

namespace io {

class wake_pipe {
public:
  wake_pipe() {
    ::pipe(fds_.data());
    for (const auto &fd : fds_)
      fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
  }
  const int &read_fd() const { return fds_[0]; }
  const int &write_fd() const { return fds_.at(1); }

private:
  std::array<int, 2> fds_{-1, -1};
};

// The same shape, never made non-blocking.
class plain_pipe {
public:
  plain_pipe() {
    ::pipe(fds_.data());
    for (int fd : fds_)
      fcntl(fd, F_SETFD, FD_CLOEXEC); // descriptor flags, not status flags
  }
  const int &read_fd() const { return fds_[0]; }

private:
  std::array<int, 2> fds_{-1, -1};
};

// Descriptors in a vector, each made non-blocking by value.
struct workers {
  std::vector<int> events;
  void prepare() {
    for (int fd : events)
      fcntl(fd, F_SETFL, O_NONBLOCK);
  }
};

inline test::task<> wake(wake_pipe &p, plain_pipe &q, workers &w, char *buf) {
  ::write(p.write_fd(), buf, 1);
  ::read(p.read_fd(), buf, 1);
  ::read(w.events.front(), buf, 1);
  ::read(w.events[1], buf, 1);
  ::read(q.read_fd(), buf, 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'read' in coroutine 'wake'
  co_return;
}

} // namespace io
