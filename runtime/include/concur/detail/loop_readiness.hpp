#pragma once
// The event loop's I/O readiness: one epoll instance, and in it an eventfd that other threads
// write to wake the loop from its wait. The eventfd is edge-triggered: every write is a new
// edge, so the loop never reads it (one system call fewer per wake-up) and its counter only
// grows; at its limit, a write resets it (as mio's waker does). A socket registers its io_watch
// once (edge-triggered, both directions), so waiting on it again costs no system call; a wait hands
// back the coroutines whose socket became ready.

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <ctime>
#include <system_error>
#include <utility>

#include "concur/detail/io_watch.hpp"

namespace concur::detail {

class loop_readiness {
public:
  loop_readiness() {
    epfd_ = ::epoll_create1(EPOLL_CLOEXEC);
    if (epfd_ < 0)
      throw std::system_error(errno, std::system_category(), "concur::event_loop: epoll_create1");
    efd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (efd_ < 0) {
      int e = errno;
      ::close(epfd_);
      throw std::system_error(e, std::system_category(), "concur::event_loop: eventfd");
    }
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLET;
    ev.data.ptr = nullptr; // marks the wake-up eventfd
    ::epoll_ctl(epfd_, EPOLL_CTL_ADD, efd_, &ev);
  }
  loop_readiness(const loop_readiness &) = delete;
  loop_readiness &operator=(const loop_readiness &) = delete;
  ~loop_readiness() {
    ::close(efd_);
    ::close(epfd_);
  }

  void add_watch(io_watch &w) {
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
    ev.data.ptr = &w;
    if (::epoll_ctl(epfd_, EPOLL_CTL_ADD, w.fd, &ev) < 0)
      throw std::system_error(errno, std::system_category(), "concur: epoll_ctl(ADD)");
  }
  void remove_watch(io_watch &w) noexcept {
    if (w.fd >= 0)
      ::epoll_ctl(epfd_, EPOLL_CTL_DEL, w.fd, nullptr);
  }

  /// Ends a wait in progress, or the next one, from any thread.
  void wake() noexcept {
    std::uint64_t one = 1;
    if (::write(efd_, &one, sizeof(one)) < 0 && errno == EAGAIN) {
      // The counter is at its limit (after 2^64 - 2 wake-ups): empty it, and write the edge.
      std::uint64_t v;
      ssize_t r = ::read(efd_, &v, sizeof(v));
      r = ::write(efd_, &one, sizeof(one));
      (void)r;
    }
  }

  /// Waits for readiness: not at all unless `block`, else until `deadline` (time_point::max():
  /// no limit) or a wake(). Returns how many events dispatch() has to hand out.
  int wait(bool block, std::chrono::steady_clock::time_point deadline) {
    int n;
    if (!block) {
      n = ::epoll_wait(epfd_, events_, max_events, 0);
    } else if (deadline == std::chrono::steady_clock::time_point::max()) {
      n = ::epoll_wait(epfd_, events_, max_events, -1); // no timer, or only ones that never fire
    } else {
      // Deadlines are at most time_point::max() and the clock is past its epoch: no overflow.
      auto wait = deadline - std::chrono::steady_clock::now();
      auto ns = std::max<long long>(0, std::chrono::ceil<std::chrono::nanoseconds>(wait).count());
      // epoll_pwait2 takes a timespec: 1 ms sleeps do not round up to 2 ms.
      timespec ts{static_cast<time_t>(ns / 1000000000), static_cast<long>(ns % 1000000000)};
      n = ::epoll_pwait2(epfd_, events_, max_events, &ts, nullptr);
      if (n < 0 && errno == ENOSYS)
        n = ::epoll_wait(epfd_, events_, max_events,
                         static_cast<int>(std::min<long long>(ns / 1000000 + 1, 1 << 30)));
    }
    return n;
  }

  /// Hands out the first n events of the last wait(): calls on_ready(io_waiter*) for each
  /// coroutine whose socket is ready, taking it off its watch; skips the wake-ups.
  template <class OnReady> void dispatch(int n, OnReady &&on_ready) {
    for (int i = 0; i < n; ++i) {
      auto *w = static_cast<io_watch *>(events_[i].data.ptr);
      if (!w)
        continue; // a wake-up: edge-triggered, nothing to consume

      const auto ev = events_[i].events;
      if ((ev & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR)) && w->reader)
        on_ready(std::exchange(w->reader, nullptr));
      if ((ev & (EPOLLOUT | EPOLLHUP | EPOLLERR)) && w->writer)
        on_ready(std::exchange(w->writer, nullptr));
    }
  }

private:
  static constexpr int max_events = 128;
  int epfd_ = -1;
  int efd_ = -1;
  epoll_event events_[max_events];
};

} // namespace concur::detail
