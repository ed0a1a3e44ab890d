#include "net.h"
#include <fcntl.h>

namespace net {

socket socket::open_tcp() {
  socket s(::socket(AF_INET, SOCK_STREAM, 0));
  s.make_nonblocking();
  return s;
}

void socket::make_nonblocking() {
  int flags = fcntl(fd_, F_GETFL, 0);
  fcntl(fd_, F_SETFL, flags | O_NONBLOCK);
}

static int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
static int control = ::socket(AF_INET, SOCK_STREAM, 0);

int listener_fd() { return listener; }
int control_fd() { return control; }
int pick_fd(int which) { return which ? listener : control; }

wake_pipe::wake_pipe() {
  ::pipe(fds_.data());
  for (int fd : fds_) {
    int flags = fcntl(fd, F_GETFL, 0);
    flags |= O_NONBLOCK;
    fcntl(fd, F_SETFL, flags);
  }
}

} // namespace net
