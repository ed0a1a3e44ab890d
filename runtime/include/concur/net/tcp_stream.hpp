#pragma once
// concur::tcp_stream: a TCP connection on the event loop (connect, read, write); waiting for
// the socket suspends the task, not the loop's thread.

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

#include "concur/detail/io_wait.hpp"
#include "concur/detail/io_watch.hpp"
#include "concur/event_loop.hpp"
#include "concur/pool/to_thread.hpp"
#include "concur/task/task.hpp"

namespace concur {

namespace detail {
[[noreturn]] inline void throw_errno(int err, const char *what) {
  throw std::system_error(err, std::system_category(), what);
}

inline event_loop &require_loop(const char *what) {
  auto *loop = event_loop::current();
  if (!loop)
    throw std::logic_error(std::string(what) + ": no event loop runs on this thread");
  return *loop;
}

// Resolves host:port to socket addresses. Numeric addresses and "localhost" are resolved
// inline; names go through getaddrinfo on the blocking pool, since it blocks.
inline task<std::pair<sockaddr_storage, socklen_t>> resolve(std::string host, std::uint16_t port) {
  sockaddr_storage ss{};
  if (host.empty() || host == "localhost")
    host = "127.0.0.1";
  auto *v4 = reinterpret_cast<sockaddr_in *>(&ss);
  if (::inet_pton(AF_INET, host.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(port);
    co_return std::pair{ss, socklen_t(sizeof(sockaddr_in))};
  }
  auto *v6 = reinterpret_cast<sockaddr_in6 *>(&ss);
  if (::inet_pton(AF_INET6, host.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(port);
    co_return std::pair{ss, socklen_t(sizeof(sockaddr_in6))};
  }
  auto found = co_await to_thread([&]() -> std::pair<sockaddr_storage, socklen_t> {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo *res = nullptr;
    std::string service = std::to_string(port);
    int rc = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &res);
    if (rc != 0)
      throw std::system_error(std::make_error_code(std::errc::host_unreachable),
                              "concur: cannot resolve '" + host + "': " + ::gai_strerror(rc));
    std::pair<sockaddr_storage, socklen_t> out{};
    std::memcpy(&out.first, res->ai_addr, res->ai_addrlen);
    out.second = res->ai_addrlen;
    ::freeaddrinfo(res);
    return out;
  });
  co_return found;
}
} // namespace detail

/// A TCP connection on the event loop of the thread that made it. Reads and writes suspend the
/// task, never the thread: each call tries the system call first and waits (edge-triggered
/// epoll) only on EAGAIN. Errors (refused, reset, use after close) are std::system_error.
///
/// Example:
/// ```cpp
/// auto conn = co_await concur::tcp_stream::connect("example.com", 80);
/// co_await conn.write_all("GET / HTTP/1.0\r\n\r\n");
/// char buf[4096];
/// while (std::size_t n = co_await conn.read_some(buf, sizeof buf))
///   std::cout.write(buf, static_cast<std::streamsize>(n));
/// ```
///
/// Cancellation: a task waiting in connect(), read_some() or write_all() wakes with
/// concur::cancelled. A read_some() cancelled while it waits has consumed nothing (the bytes
/// stay in the socket). Known limit: a write_all() cancelled after part of the data was sent
/// does not say how much: the peer may have received a prefix. A connect() cancelled while it
/// resolves a name (on the blocking pool) waits for the look-up to end, then sees it at its
/// next suspension point. close() wakes a waiting task with std::system_error (EBADF).
///
/// Thread safety: use it on the thread of the loop that made it (a wait begun elsewhere throws
/// std::logic_error); one reader and one writer at a time (a second waiter in the same
/// direction throws std::logic_error).
///
/// Resumes on: the loop thread.
class tcp_stream {
public:
  tcp_stream() = default;

  /// Adopts a connected, non-blocking socket (what tcp_listener::accept produces).
  explicit tcp_stream(int fd) : loop_(&detail::require_loop("concur::tcp_stream")) {
    watch_ = std::make_unique<detail::io_watch>();
    watch_->fd = fd;
    try {
      loop_->add_watch(*watch_);
    } catch (...) {
      ::close(fd);
      watch_->fd = -1;
      throw;
    }
  }

  tcp_stream(tcp_stream &&o) noexcept = default;
  tcp_stream &operator=(tcp_stream &&o) noexcept {
    if (this != &o) {
      close();
      loop_ = o.loop_;
      watch_ = std::move(o.watch_);
    }
    return *this;
  }
  tcp_stream(const tcp_stream &) = delete;
  tcp_stream &operator=(const tcp_stream &) = delete;
  ~tcp_stream() { close(); }

  /// Connects to host:port (numeric IPv4/IPv6, "localhost", or a name resolved off the loop).
  static task<tcp_stream> connect(std::string host, std::uint16_t port) {
    auto [addr, len] = co_await detail::resolve(std::move(host), port);
    int fd = ::socket(addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
      detail::throw_errno(errno, "concur::tcp_stream::connect: socket");
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    tcp_stream s(fd);
    if (::connect(fd, reinterpret_cast<sockaddr *>(&addr), len) < 0) {
      if (errno != EINPROGRESS)
        detail::throw_errno(errno, "concur::tcp_stream::connect");
      co_await detail::io_wait_awaiter(*s.watch_, true, *s.loop_);
      int err = 0;
      socklen_t elen = sizeof(err);
      ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &elen);
      if (err != 0)
        detail::throw_errno(err, "concur::tcp_stream::connect");
    }
    co_return s;
  }

  bool is_open() const noexcept { return watch_ && watch_->fd >= 0; }
  int native_handle() const noexcept { return watch_ ? watch_->fd : -1; }

  /// Reads at least one byte into buf; returns 0 at end of stream.
  task<std::size_t> read_some(std::span<std::byte> buf) {
    return read_some(buf.data(), buf.size());
  }
  task<std::size_t> read_some(void *data, std::size_t size) {
    for (;;) {
      ssize_t n = ::recv(fd_or_throw("concur::tcp_stream::read_some"), data, size, 0);
      if (n >= 0)
        co_return static_cast<std::size_t>(n);
      if (errno == EINTR)
        continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK)
        detail::throw_errno(errno, "concur::tcp_stream::read_some");
      co_await detail::io_wait_awaiter(*watch_, false, *loop_);
    }
  }

  /// Writes all of data, suspending while the socket's send buffer is full.
  task<void> write_all(std::string_view data) { return write_all(data.data(), data.size()); }
  task<void> write_all(std::span<const std::byte> data) {
    return write_all(data.data(), data.size());
  }
  task<void> write_all(const void *data, std::size_t size) {
    auto *p = static_cast<const char *>(data);
    while (size > 0) {
      ssize_t n = ::send(fd_or_throw("concur::tcp_stream::write_all"), p, size, MSG_NOSIGNAL);
      if (n >= 0) {
        p += n;
        size -= static_cast<std::size_t>(n);
        continue;
      }
      if (errno == EINTR)
        continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK)
        detail::throw_errno(errno, "concur::tcp_stream::write_all");
      co_await detail::io_wait_awaiter(*watch_, true, *loop_);
    }
  }

  /// Half-closes the connection: the peer reads end of stream; reading still works.
  void shutdown() {
    if (::shutdown(fd_or_throw("concur::tcp_stream::shutdown"), SHUT_WR) < 0)
      detail::throw_errno(errno, "concur::tcp_stream::shutdown");
  }

  /// Closes the socket. A task waiting on it wakes and gets std::system_error (EBADF).
  void close() noexcept {
    if (!watch_ || watch_->fd < 0)
      return;
    loop_->remove_watch(*watch_);
    ::close(watch_->fd);
    watch_->fd = -1;
    for (auto *w : {std::exchange(watch_->reader, nullptr), std::exchange(watch_->writer, nullptr)})
      if (w) {
        if (w->root)
          w->root->clear_cancel_hook(w);
        loop_->schedule(w->h, w->root);
      }
  }

private:
  int fd_or_throw(const char *what) const {
    if (!is_open())
      detail::throw_errno(EBADF, what);
    return watch_->fd;
  }

  event_loop *loop_ = nullptr;
  std::unique_ptr<detail::io_watch> watch_; // stable address: epoll points at it
};

} // namespace concur
