#pragma once
// The child side of concur::process_pool: the fork server ("zygote") and the worker loop, plus
// the socket helpers both sides use. Wire format (native byte order: same binary, same host):
//   request  = {u64 trampoline, u64 fn, u64 len} + len bytes of encoded arguments
//   response = {u64 status, u64 0, u64 len} + len bytes (result, or "type\0message" on error)
// Parent <-> zygote: fixed-size zygote_msg records on a SOCK_SEQPACKET pair; a spawned worker's
// socket travels back with SCM_RIGHTS.

#include <cxxabi.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>
#include <string_view>
#include <typeinfo>

namespace concur::detail {

struct wire_header {
  std::uint64_t a = 0, b = 0, len = 0;
};

// The type the worker calls: decode arguments from `in`, call fn, append the result to `out`.
using remote_trampoline = void (*)(std::uintptr_t fn, std::string_view in, std::string &out);

inline bool send_all(int fd, const void *data, std::size_t n) noexcept {
  auto *p = static_cast<const char *>(data);
  while (n > 0) {
    ssize_t w = ::send(fd, p, n, MSG_NOSIGNAL);
    if (w < 0) {
      if (errno == EINTR)
        continue;
      return false;
    }
    p += w;
    n -= static_cast<std::size_t>(w);
  }
  return true;
}

// False at end of stream or on error.
inline bool recv_all(int fd, void *data, std::size_t n) noexcept {
  auto *p = static_cast<char *>(data);
  while (n > 0) {
    ssize_t r = ::recv(fd, p, n, 0);
    if (r < 0 && errno == EINTR)
      continue;
    if (r <= 0)
      return false;
    p += r;
    n -= static_cast<std::size_t>(r);
  }
  return true;
}

enum zygote_op : std::int32_t {
  zygote_spawn = 1,
  zygote_reap = 2,
  zygote_kill = 3,
  zygote_quit = 4
};
struct zygote_msg {
  std::int32_t op = 0, pid = -1, status = 0, err = 0;
};

inline bool send_msg(int sock, const zygote_msg &m, int fd = -1) noexcept {
  iovec iov{const_cast<zygote_msg *>(&m), sizeof m};
  msghdr h{};
  h.msg_iov = &iov;
  h.msg_iovlen = 1;
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))];
  if (fd >= 0) {
    std::memset(control, 0, sizeof control);
    h.msg_control = control;
    h.msg_controllen = sizeof control;
    cmsghdr *c = CMSG_FIRSTHDR(&h);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof(int));
    std::memcpy(CMSG_DATA(c), &fd, sizeof fd);
  }
  for (;;) {
    if (::sendmsg(sock, &h, MSG_NOSIGNAL) == static_cast<ssize_t>(sizeof m))
      return true;
    if (errno != EINTR)
      return false;
  }
}

// False when the peer is gone. *fd receives a passed descriptor (close-on-exec), or -1.
inline bool recv_msg(int sock, zygote_msg &m, int *fd = nullptr) noexcept {
  iovec iov{&m, sizeof m};
  msghdr h{};
  h.msg_iov = &iov;
  h.msg_iovlen = 1;
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))];
  h.msg_control = control;
  h.msg_controllen = sizeof control;
  if (fd)
    *fd = -1;
  for (;;) {
    ssize_t r = ::recvmsg(sock, &h, MSG_CMSG_CLOEXEC);
    if (r < 0 && errno == EINTR)
      continue;
    if (r != static_cast<ssize_t>(sizeof m))
      return false;
    break;
  }
  for (cmsghdr *c = CMSG_FIRSTHDR(&h); c; c = CMSG_NXTHDR(&h, c)) {
    if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
      int got;
      std::memcpy(&got, CMSG_DATA(c), sizeof got);
      if (fd)
        *fd = got;
      else
        ::close(got);
    }
  }
  return true;
}

inline const char *signal_name(int sig) noexcept {
  switch (sig) {
  case SIGSEGV:
    return "SIGSEGV";
  case SIGABRT:
    return "SIGABRT";
  case SIGKILL:
    return "SIGKILL";
  case SIGBUS:
    return "SIGBUS";
  case SIGFPE:
    return "SIGFPE";
  case SIGILL:
    return "SIGILL";
  case SIGTERM:
    return "SIGTERM";
  case SIGINT:
    return "SIGINT";
  case SIGQUIT:
    return "SIGQUIT";
  case SIGHUP:
    return "SIGHUP";
  case SIGPIPE:
    return "SIGPIPE";
  case SIGALRM:
    return "SIGALRM";
  case SIGUSR1:
    return "SIGUSR1";
  case SIGUSR2:
    return "SIGUSR2";
  case SIGTRAP:
    return "SIGTRAP";
  case SIGSYS:
    return "SIGSYS";
  case SIGXCPU:
    return "SIGXCPU";
  case SIGXFSZ:
    return "SIGXFSZ";
  default:
    return nullptr;
  }
}

inline std::string demangled(const char *name) {
  int status = 0;
  char *d = abi::__cxa_demangle(name, nullptr, nullptr, &status);
  std::string out = (status == 0 && d) ? d : name;
  std::free(d);
  return out;
}

// Runs in a worker process until its socket reaches end of stream (the pool closed it, or the
// parent died). Leaves with _exit: the copy of the parent's static objects and atexit handlers
// belongs to the parent.
[[noreturn]] inline void worker_main(int fd) {
  std::string in, out;
  for (;;) {
    wire_header h;
    if (!recv_all(fd, &h, sizeof h))
      ::_exit(0);
    in.resize(h.len);
    if (h.len && !recv_all(fd, in.data(), h.len))
      ::_exit(0);
    out.assign(sizeof(wire_header), '\0');
    std::uint64_t status = 0;
    try {
      reinterpret_cast<remote_trampoline>(h.a)(static_cast<std::uintptr_t>(h.b), in, out);
    } catch (const std::exception &e) {
      status = 1;
      out.assign(sizeof(wire_header), '\0');
      out += demangled(typeid(e).name());
      out.push_back('\0');
      out += e.what();
    } catch (...) {
      status = 1;
      out.assign(sizeof(wire_header), '\0');
      out += "unknown";
      out.push_back('\0');
      out += "unknown exception (not derived from std::exception)";
    }
    wire_header r{status, 0, out.size() - sizeof(wire_header)};
    std::memcpy(out.data(), &r, sizeof r);
    if (!send_all(fd, out.data(), out.size()))
      ::_exit(0);
  }
}

inline void close_fds_except(int keep) noexcept {
#ifdef SYS_close_range
  if (keep > 3)
    ::syscall(SYS_close_range, 3u, static_cast<unsigned>(keep - 1), 0u);
  if (::syscall(SYS_close_range, static_cast<unsigned>(keep + 1), ~0u, 0u) == 0)
    return;
#endif
  long max = ::sysconf(_SC_OPEN_MAX);
  if (max < 0 || max > 65536)
    max = 65536;
  for (int fd = 3; fd < max; ++fd)
    if (fd != keep)
      ::close(fd);
}

// The fork server. It is forked once, by the pool's constructor, and forks every worker: a
// single-threaded process, so each worker starts as a consistent copy of the program as it was
// when the pool was constructed, whatever threads the parent has started since.
[[noreturn]] inline void zygote_main(int ctl) {
  ::signal(SIGCHLD, SIG_DFL); // SIG_IGN would make the kernel reap workers behind our back
  close_fds_except(ctl);      // workers inherit stdin, stdout and stderr only
  for (;;) {
    zygote_msg m;
    if (!recv_msg(ctl, m))
      break; // the parent is gone or closed the pool
    zygote_msg reply{m.op, m.pid, 0, 0};
    switch (m.op) {
    case zygote_spawn: {
      int sv[2];
      if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) {
        reply.err = errno;
        send_msg(ctl, reply);
        break;
      }
      pid_t pid = ::fork();
      if (pid == 0) {
        ::close(ctl);
        ::close(sv[0]);
        worker_main(sv[1]);
      }
      ::close(sv[1]);
      if (pid < 0) {
        reply.err = errno;
        ::close(sv[0]);
        send_msg(ctl, reply);
        break;
      }
      reply.pid = pid;
      send_msg(ctl, reply, sv[0]);
      ::close(sv[0]); // only the parent holds this end now
      break;
    }
    case zygote_kill:
      if (m.pid > 0) // never kill(0 or -1, ...): that would signal a group or every process
        ::kill(m.pid, SIGKILL);
      [[fallthrough]];
    case zygote_reap: {
      int st = 0;
      if (m.pid <= 0) {
        send_msg(ctl, reply);
        break;
      }
      while (::waitpid(m.pid, &st, 0) < 0 && errno == EINTR) {
      }
      reply.status = st;
      send_msg(ctl, reply);
      break;
    }
    case zygote_quit:
      goto quit;
    default:
      break;
    }
  }
quit:
  // The parent closed the workers' sockets (or died, which closes them): each worker sees end
  // of stream and exits. Reap them all so that none is left a zombie.
  for (;;) {
    int st;
    if (::waitpid(-1, &st, 0) < 0 && errno != EINTR)
      break;
  }
  ::_exit(0);
}

} // namespace concur::detail
