#include "net.h"

test::task<> serve(net::socket &s, char *buf) {
  long a = ::recv(s.native(), buf, 64, 0);          // made non-blocking in socket.cpp
  long b = ::recv(net::listener_fd(), buf, 64, 0);  // SOCK_NONBLOCK in socket.cpp
  long c = ::recv(net::control_fd(), buf, 64, 0);   // blocking
  long d = ::recv(net::pick_fd(a > 0), buf, 64, 0); // one of them blocks
  (void)b, (void)c, (void)d;
  co_return;
}
