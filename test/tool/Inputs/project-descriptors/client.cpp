#include "net.h"

test::task<> fetch(net::socket &s, net::pipe_end &p, char *buf) {
  auto one = net::read_some(s, buf, 64);
  auto two = net::read_pipe(p, buf, 64);
  (void)one, (void)two;
  ::send(s.native(), buf, 64, 0); // made non-blocking in socket.cpp
  co_return;
}

test::task<> wake(net::wake_pipe &p, char *buf) {
  ::write(p.write_fd(), buf, 1); // made non-blocking in socket.cpp
  co_return;
}
