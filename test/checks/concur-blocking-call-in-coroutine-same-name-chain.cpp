// RUN: %check_concur %s concur-blocking-call-in-coroutine %t -- -I%runtime_include

// A chain through wrappers named like the call they wrap reads frame by
// frame: the system's close is '::close' when a frame before it is shown as
// 'close' too (Asio's basic_socket::close -> ::close).

#include "coro.h"
#include <unistd.h>

namespace net {
struct socket {
  int fd = -1;
  void close() { ::close(fd); }
};
void close(socket &s) { s.close(); }
void shutdown(socket &s) { ::close(s.fd); }
} // namespace net

test::task<void> serve(net::socket s) {
  net::close(s);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'close' in coroutine 'serve' blocks its event loop: it calls 'socket::close', which calls '::close' [concur-blocking-call-in-coroutine]
  net::shutdown(s);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: call to 'shutdown' in coroutine 'serve' blocks its event loop: it calls 'close' [concur-blocking-call-in-coroutine]
  co_return;
}
