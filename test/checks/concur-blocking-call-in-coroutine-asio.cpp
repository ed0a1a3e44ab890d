// RUN: %check_concur %s concur-blocking-call-in-coroutine %t -- -I%runtime_include

// Boost.Asio's synchronous operations block; its async_* forms and
// co_await on an awaitable do not.

#include "coro.h"
#include <boost/asio.hpp>

namespace asio = boost::asio;
using asio::ip::tcp;

test::task<> sync_asio(asio::io_context &io, tcp::socket &socket, tcp::acceptor &acceptor,
                       asio::steady_timer &timer) {
  char data[64];
  socket.read_some(asio::buffer(data));
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: blocking call to 'boost::asio::basic_stream_socket::read_some'
  asio::write(socket, asio::buffer(data, 3));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'boost::asio::write'
  acceptor.accept();
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking call to 'boost::asio::basic_socket_acceptor::accept'
  tcp::resolver resolver(io);
  resolver.resolve("localhost", "80");
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking call to 'boost::asio::ip::basic_resolver::resolve'
  timer.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: blocking call to 'boost::asio::basic_waitable_timer::wait'
  io.run();
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: blocking call to 'boost::asio::io_context::run'
  co_return;
}

test::task<> no_warning_async_asio(tcp::socket &socket, asio::steady_timer &timer) {
  char data[64];
  socket.async_read_some(asio::buffer(data), [](boost::system::error_code, std::size_t) {});
  timer.async_wait([](boost::system::error_code) {});
  asio::post(socket.get_executor(), [] {});
  co_return;
}
