#include <concur/net/tcp.hpp>
#include <concur/task/cancelled.hpp>
#include <concur/task/run.hpp>
#include <concur/task/spawn.hpp>
#include <concur/task/yield.hpp>
#include <concur/time/sleep.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <system_error>

namespace {

concur::task<std::string> read_to_end(concur::tcp_stream &s) {
  std::string out;
  char buf[4096];
  for (;;) {
    std::size_t n = co_await s.read_some(buf, sizeof buf);
    if (n == 0)
      co_return out;
    out.append(buf, n);
  }
}

TEST(Tcp, EchoRoundTrip) {
  auto body = []() -> concur::task<std::string> {
    auto listener = concur::tcp_listener::bind("127.0.0.1", 0);
    auto server = [&]() -> concur::task<void> {
      auto conn = co_await listener.accept();
      char buf[1024];
      for (;;) {
        std::size_t n = co_await conn.read_some(buf, sizeof buf);
        if (n == 0)
          break;
        co_await conn.write_all(buf, n);
      }
    };
    auto srv = concur::spawn(server());
    auto client = co_await concur::tcp_stream::connect("127.0.0.1", listener.local_port());
    co_await client.write_all(std::string_view("hello, "));
    co_await client.write_all(std::string_view("world"));
    client.shutdown();
    auto echoed = co_await read_to_end(client);
    co_await srv;
    co_return echoed;
  };
  EXPECT_EQ(concur::run(body()), "hello, world");
}

TEST(Tcp, DataAfterAShortReadWakesTheReaderWhetherParkedOrBusy) {
  // A read that returns fewer bytes than asked for marks the socket drained, so the next read
  // parks without a system call. Data arriving later must still be read: while the reader is
  // parked (it is woken), and while it is busy elsewhere (the readiness is remembered).
  auto body = []() -> concur::task<std::string> {
    using namespace std::chrono_literals;
    auto listener = concur::tcp_listener::bind("127.0.0.1", 0);
    auto client_side = [&]() -> concur::task<void> {
      auto c = co_await concur::tcp_stream::connect("127.0.0.1", listener.local_port());
      for (const char *piece : {"one,", "two,", "three,", "four"}) {
        co_await c.write_all(std::string_view(piece));
        co_await concur::sleep_for(3ms);
      }
      c.shutdown();
      co_await read_to_end(c);
    };
    auto cl = concur::spawn(client_side());
    auto conn = co_await listener.accept();
    std::string got;
    char buf[4096];
    for (int i = 0;; ++i) {
      std::size_t n = co_await conn.read_some(buf, sizeof buf); // short: one piece at a time
      if (n == 0)
        break;
      got.append(buf, n);
      if (i % 2 == 0)
        co_await concur::sleep_for(5ms); // busy elsewhere while the next piece arrives
    }
    conn.close();
    co_await cl;
    co_return got;
  };
  EXPECT_EQ(concur::run(body()), "one,two,three,four");
}

TEST(Tcp, LargeTransferSuspendsOnFullBuffers) {
  auto body = []() -> concur::task<std::size_t> {
    auto listener = concur::tcp_listener::bind("localhost", 0);
    const std::string big(8 << 20, 'x'); // larger than the socket buffers
    auto server = [&]() -> concur::task<void> {
      auto conn = co_await listener.accept();
      co_await conn.write_all(big);
      conn.close();
    };
    auto srv = concur::spawn(server());
    auto client = co_await concur::tcp_stream::connect("localhost", listener.local_port());
    auto got = co_await read_to_end(client);
    co_await srv;
    co_return got.size();
  };
  EXPECT_EQ(concur::run(body()), std::size_t(8 << 20));
}

TEST(Tcp, ConnectionRefusedIsASystemError) {
  auto body = []() -> concur::task<int> {
    std::uint16_t port;
    {
      auto l = concur::tcp_listener::bind("127.0.0.1", 0);
      port = l.local_port();
    } // closed: nobody listens on port now
    try {
      co_await concur::tcp_stream::connect("127.0.0.1", port);
    } catch (const std::system_error &e) {
      co_return e.code().value();
    }
    co_return 0;
  };
  EXPECT_EQ(concur::run(body()), ECONNREFUSED);
}

TEST(Tcp, UseAfterCloseIsASystemError) {
  auto body = []() -> concur::task<bool> {
    auto listener = concur::tcp_listener::bind("127.0.0.1", 0);
    auto accepted = concur::spawn(listener.accept());
    auto client = co_await concur::tcp_stream::connect("127.0.0.1", listener.local_port());
    auto server_side = co_await accepted;
    client.close();
    EXPECT_FALSE(client.is_open());
    char c;
    try {
      co_await client.read_some(&c, 1);
    } catch (const std::system_error &e) {
      co_return e.code().value() == EBADF;
    }
    co_return false;
  };
  EXPECT_TRUE(concur::run(body()));
}

TEST(Tcp, CloseWakesAPendingReader) {
  auto body = []() -> concur::task<bool> {
    auto listener = concur::tcp_listener::bind("127.0.0.1", 0);
    auto accepted = concur::spawn(listener.accept());
    auto client = co_await concur::tcp_stream::connect("127.0.0.1", listener.local_port());
    auto server_side = co_await accepted;
    auto reader = [&]() -> concur::task<void> {
      char c;
      co_await client.read_some(&c, 1);
    };
    auto h = concur::spawn(reader());
    co_await concur::yield_now();
    client.close();
    try {
      co_await h;
    } catch (const std::system_error &) {
      co_return true;
    }
    co_return false;
  };
  EXPECT_TRUE(concur::run(body()));
}

TEST(Tcp, PendingAcceptIsCancellable) {
  auto body = []() -> concur::task<bool> {
    auto listener = concur::tcp_listener::bind("127.0.0.1", 0);
    auto h = concur::spawn(listener.accept());
    co_await concur::yield_now();
    h.cancel();
    try {
      co_await h;
    } catch (const concur::cancelled &) {
      co_return true;
    }
    co_return false;
  };
  EXPECT_TRUE(concur::run(body()));
}

TEST(Tcp, BindErrorsAreSystemErrors) {
  auto body = []() -> concur::task<bool> {
    auto a = concur::tcp_listener::bind("127.0.0.1", 0);
    try {
      auto b = concur::tcp_listener::bind("127.0.0.1", a.local_port());
    } catch (const std::system_error &e) {
      co_return e.code().value() == EADDRINUSE;
    }
    co_return false;
  };
  EXPECT_TRUE(concur::run(body()));
  EXPECT_THROW(concur::tcp_listener::bind("127.0.0.1", 0), std::logic_error); // no loop
}

} // namespace
