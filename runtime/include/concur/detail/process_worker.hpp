#pragma once
// The child side of concur::process_pool: the fork server ("zygote") and the worker loop, plus
// the socket helpers both sides use. Wire format (native byte order: same binary, same host):
//   request  = {u64 trampoline, u64 fn, u64 len} + len bytes of encoded arguments
//   response = {u64 status, u64 0, u64 len} + len bytes (result, or "type\0message" on error)
// Parent <-> zygote: fixed-size zygote_msg records on a SOCK_SEQPACKET pair; a spawned worker's
// socket travels back with SCM_RIGHTS.

#include <cxxabi.h>
#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>
#include <string_view>
#include <typeinfo>
#include <utility>
#include <vector>

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
  zygote_quit = 4,
  zygote_died = 5 // unsolicited, from the fork server: a worker ended (pid, status)
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
// It reaps its workers as they end (SIGCHLD through a signalfd) and tells the parent at once
// (zygote_died), so a worker's death is reported even while a process it forked keeps its
// socket open. A reap or kill request for a worker already reaped answers with the status it
// ended with (and never signals that pid again: it may belong to another process by now).
// When the parent dies (its end of the control socket closes without zygote_quit), the fork
// server kills its workers, busy or not, reaps them and exits.
[[noreturn]] inline void zygote_main(int ctl) {
  ::signal(SIGCHLD, SIG_DFL); // SIG_IGN would make the kernel reap workers behind our back
  close_fds_except(ctl);      // workers inherit stdin, stdout and stderr only
  sigset_t chld, old_mask;
  sigemptyset(&chld);
  sigaddset(&chld, SIGCHLD);
  ::sigprocmask(SIG_BLOCK, &chld, &old_mask);
  const int sfd = ::signalfd(-1, &chld, SFD_CLOEXEC | SFD_NONBLOCK);
  std::vector<pid_t> live;
  std::vector<std::pair<pid_t, int>> ended; // reaped, status not yet asked for
  auto forget = [&](pid_t pid) {
    for (auto it = live.begin(); it != live.end(); ++it)
      if (*it == pid) {
        live.erase(it);
        return;
      }
  };
  auto reap_ended = [&] {
    int st;
    pid_t pid;
    while ((pid = ::waitpid(-1, &st, WNOHANG)) > 0) {
      forget(pid);
      ended.emplace_back(pid, st);
      send_msg(ctl, {zygote_died, pid, st, 0});
    }
  };
  bool parent_gone = false;
  for (;;) {
    pollfd fds[2] = {{ctl, POLLIN, 0}, {sfd, POLLIN, 0}};
    if (::poll(fds, sfd >= 0 ? 2 : 1, -1) < 0) {
      if (errno == EINTR)
        continue;
      parent_gone = true;
      break;
    }
    if (sfd >= 0 && fds[1].revents) {
      signalfd_siginfo info;
      while (::read(sfd, &info, sizeof info) > 0) {
      }
      reap_ended();
    }
    if (!fds[0].revents)
      continue;
    zygote_msg m;
    if (!recv_msg(ctl, m)) {
      parent_gone = true; // the parent died (or closed the pool without quit)
      break;
    }
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
        if (sfd >= 0)
          ::close(sfd);
        ::sigprocmask(SIG_SETMASK, &old_mask, nullptr);
        worker_main(sv[1]);
      }
      ::close(sv[1]);
      if (pid < 0) {
        reply.err = errno;
        ::close(sv[0]);
        send_msg(ctl, reply);
        break;
      }
      live.push_back(pid);
      reply.pid = pid;
      send_msg(ctl, reply, sv[0]);
      ::close(sv[0]); // only the parent holds this end now
      break;
    }
    case zygote_kill:
    case zygote_reap: {
      reply.err = ESRCH;
      auto it = ended.begin();
      while (it != ended.end() && it->first != m.pid)
        ++it;
      if (it != ended.end()) { // reaped already: its real status
        reply.status = it->second;
        reply.err = 0;
        ended.erase(it);
      } else if (m.pid > 0 && std::find(live.begin(), live.end(), m.pid) != live.end()) {
        // Still our child (running, or a zombie), so the pid is not reused: safe to signal.
        // Never kill(0 or -1, ...): that would signal a group or every process.
        if (m.op == zygote_kill)
          ::kill(m.pid, SIGKILL);
        int st = 0;
        while (::waitpid(m.pid, &st, 0) < 0 && errno == EINTR) {
        }
        forget(m.pid);
        reply.status = st;
        reply.err = 0;
      }
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
  // After zygote_quit the parent has closed the workers' sockets: each sees end of stream and
  // exits. When the parent died instead, a busy worker would run on until its job ended: kill
  // them. Either way reap them all so that none is left a zombie.
  if (parent_gone)
    for (pid_t pid : live)
      ::kill(pid, SIGKILL);
  for (;;) {
    int st;
    if (::waitpid(-1, &st, 0) < 0 && errno != EINTR)
      break;
  }
  ::_exit(0);
}

} // namespace concur::detail
