#pragma once
// concur::tcp_listener: a TCP server's listening socket; accepting a connection suspends the
// task, not the loop's thread.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <memory>
#include <string>
#include <system_error>

#include "concur/detail/io_wait.hpp"
#include "concur/detail/io_watch.hpp"
#include "concur/event_loop.hpp"
#include "concur/net/tcp_stream.hpp"
#include "concur/task/task.hpp"

namespace concur {

/// A listening TCP socket on the loop of the thread that made it: bind(), then
/// `co_await accept()` for each connection. Errors are std::system_error with the errno.
///
/// Example:
/// ```cpp
/// auto listener = concur::tcp_listener::bind("127.0.0.1", 8080);
/// for (;;)
///   concur::spawn(serve(co_await listener.accept())).detach();
/// ```
///
/// Cancellation: a task waiting in accept() wakes with concur::cancelled; a connection that
/// arrives later stays in the backlog for the next accept(). close() wakes a waiting accept()
/// with std::system_error (EBADF).
///
/// Thread safety: use it on the thread of the loop that made it (a wait begun elsewhere throws
/// std::logic_error); one accept() at a time (a second waiter throws std::logic_error).
///
/// Resumes on: the loop thread.
class tcp_listener {
public:
  tcp_listener() = default;
  tcp_listener(tcp_listener &&) noexcept = default;
  tcp_listener &operator=(tcp_listener &&o) noexcept {
    if (this != &o) {
      close();
      loop_ = o.loop_;
      watch_ = std::move(o.watch_);
    }
    return *this;
  }
  ~tcp_listener() { close(); }

  /// Binds and listens on host:port (a numeric address or "localhost"; port 0 picks a free
  /// port, see local_port()). Throws std::system_error (e.g. address in use).
  static tcp_listener bind(const std::string &host, std::uint16_t port, int backlog = SOMAXCONN) {
    event_loop &loop = detail::require_loop("concur::tcp_listener::bind");
    sockaddr_storage ss{};
    socklen_t len;
    std::string h = host.empty() || host == "localhost" ? "127.0.0.1" : host;
    auto *v4 = reinterpret_cast<sockaddr_in *>(&ss);
    auto *v6 = reinterpret_cast<sockaddr_in6 *>(&ss);
    if (::inet_pton(AF_INET, h.c_str(), &v4->sin_addr) == 1) {
      v4->sin_family = AF_INET;
      v4->sin_port = htons(port);
      len = sizeof(sockaddr_in);
    } else if (::inet_pton(AF_INET6, h.c_str(), &v6->sin6_addr) == 1) {
      v6->sin6_family = AF_INET6;
      v6->sin6_port = htons(port);
      len = sizeof(sockaddr_in6);
    } else {
      throw std::system_error(std::make_error_code(std::errc::invalid_argument),
                              "concur::tcp_listener::bind: not a numeric address: " + host);
    }
    int fd = ::socket(ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
      detail::throw_errno(errno, "concur::tcp_listener::bind: socket");
    int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (::bind(fd, reinterpret_cast<sockaddr *>(&ss), len) < 0 || ::listen(fd, backlog) < 0) {
      int e = errno;
      ::close(fd);
      detail::throw_errno(e, "concur::tcp_listener::bind");
    }
    tcp_listener l;
    l.loop_ = &loop;
    l.watch_ = std::make_unique<detail::io_watch>();
    l.watch_->fd = fd;
    loop.add_watch(*l.watch_);
    return l;
  }

  bool is_open() const noexcept { return watch_ && watch_->fd >= 0; }

  /// The bound port (useful after binding port 0).
  std::uint16_t local_port() const {
    sockaddr_storage ss{};
    socklen_t len = sizeof(ss);
    if (!is_open() || ::getsockname(watch_->fd, reinterpret_cast<sockaddr *>(&ss), &len) < 0)
      detail::throw_errno(is_open() ? errno : EBADF, "concur::tcp_listener::local_port");
    if (ss.ss_family == AF_INET)
      return ntohs(reinterpret_cast<sockaddr_in *>(&ss)->sin_port);
    return ntohs(reinterpret_cast<sockaddr_in6 *>(&ss)->sin6_port);
  }

  /// Waits for the next connection.
  task<tcp_stream> accept() {
    for (;;) {
      if (!is_open())
        detail::throw_errno(EBADF, "concur::tcp_listener::accept");
      int fd = ::accept4(watch_->fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd >= 0) {
        int one = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
        co_return tcp_stream(fd);
      }
      if (errno == EINTR || errno == ECONNABORTED)
        continue;
      if (errno != EAGAIN && errno != EWOULDBLOCK)
        detail::throw_errno(errno, "concur::tcp_listener::accept");
      co_await detail::io_wait_awaiter(*watch_, false, *loop_);
    }
  }

  /// Stops listening; a task waiting in accept() wakes and gets std::system_error (EBADF).
  void close() noexcept {
    if (!watch_ || watch_->fd < 0)
      return;
    loop_->remove_watch(*watch_);
    ::close(watch_->fd);
    watch_->fd = -1;
    if (auto *w = std::exchange(watch_->reader, nullptr)) {
      if (w->root)
        w->root->clear_cancel_hook(w);
      loop_->schedule(w->h, w->root);
    }
  }

private:
  event_loop *loop_ = nullptr;
  std::unique_ptr<detail::io_watch> watch_;
};

} // namespace concur
