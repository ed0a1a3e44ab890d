// A socket layer split the way socket libraries are: the class in a header,
// the code that makes its descriptor non-blocking in socket.cpp, and
// coroutines in this header and in other files that read from it.
#pragma once
#include "coro.h"
#include <array>
#include <sys/socket.h>
#include <unistd.h>

namespace net {

class socket {
public:
  static socket open_tcp(); // socket.cpp: socket(), then fcntl(O_NONBLOCK)
  void make_nonblocking();  // socket.cpp
  int native() const { return fd_; }

private:
  explicit socket(int fd) : fd_(fd) {}
  int fd_ = -1;
};

// A file that never calls socket() itself still holds its descriptors.
class pipe_end {
public:
  int native() const { return fd_; } // never made non-blocking anywhere
private:
  int fd_ = -1;
};

int listener_fd();      // socket.cpp: returns a socket made with SOCK_NONBLOCK
int control_fd();       // socket.cpp: returns a plain, blocking socket
int pick_fd(int which); // socket.cpp: returns one of two, only one non-blocking

// Included by every TU: reads on a non-blocking socket, once per run.
inline test::task<long> read_some(socket &s, char *buf, long n) {
  long got = ::recv(s.native(), buf, n, 0);
  co_return got;
}

inline test::task<long> read_pipe(pipe_end &p, char *buf, long n) {
  long got = ::recv(p.native(), buf, n, 0);
  co_return got;
}

// A wake-up pipe: both ends made non-blocking in socket.cpp, in a range-for
// with a flags variable, and handed out by const reference.
class wake_pipe {
public:
  wake_pipe(); // socket.cpp
  const int &write_fd() const { return fds_[1]; }

private:
  std::array<int, 2> fds_{-1, -1};
};

} // namespace net
