// An echo server: one task per connection on a single event loop.
//   echo_server [port]      (default 7777; then try: nc 127.0.0.1 7777)
#include <concur/concur.hpp>

#include <cstdio>
#include <cstdlib>
#include <string>

concur::task<void> serve(concur::tcp_stream conn) {
  char buf[4096];
  for (;;) {
    std::size_t n = co_await conn.read_some(buf, sizeof buf);
    if (n == 0)
      co_return; // the client closed its side
    co_await conn.write_all(buf, n);
  }
}

concur::task<void> listen(std::uint16_t port) {
  auto listener = concur::tcp_listener::bind("127.0.0.1", port);
  std::printf("echo server listening on 127.0.0.1:%u\n", unsigned(listener.local_port()));
  std::fflush(stdout);
  for (;;) {
    auto conn = co_await listener.accept();
    concur::spawn(serve(std::move(conn)), "connection").detach();
  }
}

int main(int argc, char** argv) {
  std::uint16_t port = argc > 1 ? static_cast<std::uint16_t>(std::atoi(argv[1])) : 7777;
  concur::run(listen(port));
}
