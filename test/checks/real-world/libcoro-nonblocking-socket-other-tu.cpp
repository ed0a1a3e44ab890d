// RUN: %check_concur %s concur-blocking-call-in-coroutine %t -- -I%runtime_include
// Regression test from docs/real-world.md. The analyzer of 231729e reported libcoro src/net/tcp/client.cpp:95 ('connect'), src/net/tls/server.cpp:57
// ('accept') and include/coro/net/tcp/client.hpp (send/recv): the socket is made
// non-blocking by a factory defined in another file (make_socket(blocking_t::no)),
// and the coroutine polls it before or after the call, so the call returns EAGAIN.
// No longer reported since 52bf89d (profiles: nonblocking_handles).

#include "coro.h"
#include <sys/socket.h>

namespace coro::net {
enum class blocking_t { yes, no };
struct socket {
  int fd = -1;
  int native_handle() const { return fd; }
};
// Defined in socket.cpp, which passes O_NONBLOCK to fcntl when blocking_t::no.
socket make_socket(blocking_t blocking);

struct client {
  socket m_socket = make_socket(blocking_t::no);
  test::task<int> connect(const sockaddr *addr, socklen_t len) {
    int ret = ::connect(m_socket.native_handle(), addr, len);
    co_await test::ready{};
    co_return ret;
  }
  test::task<long> recv_some(char *buf, unsigned n) {
    co_await test::ready{}; // stands for co_await poll(fd, read)
    co_return ::recv(m_socket.native_handle(), buf, n, 0);
  }
};
} // namespace coro::net
