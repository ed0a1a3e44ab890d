// RUN: %check_concur %s concur-blocking-call-in-coroutine %t --
// Regression test from docs/real-world.md. The analyzer of 231729e reported asio src/examples/cpp20/coroutines/chat_server.cpp:132 and :157,
// channels/mutual_exclusion_{1,2}.cpp and cpp17/coroutines_ts/range_based_for.cpp:42:
// "call to 'chat_session::stop' ... blocks its event loop: it calls 'basic_socket::close',
// ..., which calls 'close'". The chain runs into asio's own implementation (included
// with -I, not as a system header) and ends at close(2) on a socket (certainty: may),
// which returns at once unless SO_LINGER is set.
// No longer reported since 5cf6fd9 (framework profiles: asio's internals are not analysed as the user's).

#include "coro.h"
#include <unistd.h>

namespace asio {
namespace detail::socket_ops {
inline int close(int s) { return ::close(s); }
} // namespace detail::socket_ops
class basic_socket {
public:
  void close() { detail::socket_ops::close(fd_); }

private:
  int fd_ = -1;
};
} // namespace asio

struct chat_session {
  asio::basic_socket socket_;
  void stop() { socket_.close(); }
  test::task<> reader() {
    co_await test::ready{};
    stop();
  }
};
