// RUN: %check_concur %s concur-blocking-call-in-coroutine %t -- -I%runtime_include

// Descriptor I/O is not reported on a descriptor this file puts in
// non-blocking mode (where it is created, or later with fcntl/ioctl): it
// returns EAGAIN instead of blocking. Other descriptors still are.

#include "coro.h"
#include <fcntl.h>
#include <pwd.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

test::task<> created_non_blocking(char *buf) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  recv(fd, buf, 8, 0);
  send(fd, buf, 8, 0);
  connect(fd, nullptr, 0);
  int blocking = socket(AF_INET, SOCK_STREAM, 0);
  recv(blocking, buf, 8, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'recv' in coroutine 'created_non_blocking'
  co_return;
}

test::task<> made_non_blocking_later(int fd, int other, char *buf) {
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
  read(fd, buf, 8);
  write(fd, buf, 8);
  read(other, buf, 8);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'read' in coroutine 'made_non_blocking_later'
  fcntl(other, F_SETFD, FD_CLOEXEC); // not the status flags
  read(other, buf, 8);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'read' in coroutine 'made_non_blocking_later'
  co_return;
}

test::task<> ioctl_fionbio(int fd, char *buf) {
  int on = 1;
  ioctl(fd, FIONBIO, &on);
  recv(fd, buf, 8, 0);
  co_return;
}

struct connection {
  int fd_;
  int listener_;
  int wake_ = eventfd(0, EFD_NONBLOCK);
  int pipe_[2];

  connection() : listener_(socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0)) {
    pipe2(pipe_, O_NONBLOCK | O_CLOEXEC);
  }

  test::task<> serve(char *buf) {
    fd_ = accept4(listener_, nullptr, nullptr, SOCK_NONBLOCK); // the listener is non-blocking
    recv(fd_, buf, 8, 0);                                      // and so is the new socket
    read(wake_, buf, 8);
    read(pipe_[0], buf, 8);
    int plain = accept(listener_, nullptr, nullptr); // a blocking new socket
    recv(plain, buf, 8, 0);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'recv' in coroutine 'connection::serve'
    co_return;
  }
};

// Through a call: the helper's read is on a non-blocking descriptor.
int nb_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
long drain(char *buf) { return read(nb_fd, buf, 8); }

test::task<> through_a_helper(char *buf) {
  drain(buf);
  co_return;
}

// In a template: each instantiation has its own declarations.
template <int Domain> test::task<> templated(char *buf) {
  int fd = socket(Domain, SOCK_STREAM | SOCK_NONBLOCK, 0);
  recv(fd, buf, 8, 0);
  int blocking = socket(Domain, SOCK_STREAM, 0);
  recv(blocking, buf, 8, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'recv' in coroutine 'templated'
  co_return;
}
template test::task<> templated<AF_INET>(char *);

// inotify's IN_NONBLOCK, like the others' *_NONBLOCK.
test::task<> watch_files(char *buf) {
  int events = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  read(events, buf, 64);
  int blocking_events = inotify_init1(IN_CLOEXEC);
  read(blocking_events, buf, 64);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'read' in coroutine 'watch_files'
  co_return;
}

// msync(MS_ASYNC) only schedules the write-back; MS_SYNC waits for it.
test::task<> flush_mapping(void *map, size_t len) {
  msync(map, len, MS_ASYNC);
  msync(map, len, MS_SYNC);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'msync' in coroutine 'flush_mapping'
  co_return;
}

// User and group look-ups go through NSS, which may ask a directory server.
test::task<> who_is(uid_t uid, char *buf, size_t len) {
  passwd entry, *found = nullptr;
  getpwnam("daemon");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'getpwnam' in coroutine 'who_is'
  getpwuid_r(uid, &entry, buf, len, &found);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'getpwuid_r' in coroutine 'who_is'
  co_return;
}
