// RUN: %check_concur %s concur-blocking-call-in-coroutine %t -- -I%runtime_include
// RUN: %check_concur %s concur-blocking-call-in-coroutine %t.user --check-suffix=USER \
// RUN:   --config="{CheckOptions: {ProfileFile: '%S/Inputs/profiles/acme.json'}}" -- -I%runtime_include
// RUN: %check_concur %s concur-blocking-call-in-coroutine %t.subset --check-suffix=SUBSET \
// RUN:   --config="{CheckOptions: {Profiles: 'concur;asio'}}" -- -I%runtime_include
// RUN: %expect_exit 2 %concur check --checks=-*,concur-blocking-call-in-coroutine \
// RUN:   --config="{CheckOptions: {Profiles: 'libcoro;nosuch'}}" %s -- -std=c++20 -I%S/Inputs 2>&1 \
// RUN:   | FileCheck %s --check-prefix=UNKNOWN
// UNKNOWN: unknown framework profile 'nosuch'; known: concur, asio, libcoro,
// RUN: %expect_exit 2 %concur check --checks=-*,concur-blocking-call-in-coroutine \
// RUN:   --config="{CheckOptions: {ProfileFile: '%S/Inputs/profiles/broken.json'}}" %s -- -std=c++20 -I%S/Inputs 2>&1 \
// RUN:   | FileCheck %s --check-prefix=BROKEN
// BROKEN: "pool_hops" of profile 'broken' must be an array of strings
// RUN: %expect_exit 2 %concur check --checks=-*,concur-blocking-call-in-coroutine \
// RUN:   --config="{CheckOptions: {ProfileFile: '%S/Inputs/profiles/missing.json'}}" %s -- -std=c++20 -I%S/Inputs 2>&1 \
// RUN:   | FileCheck %s --check-prefix=MISSING
// MISSING: cannot read the profile file '{{.*}}missing.json'

// The framework profiles: what each framework's awaitables and internals
// mean, as data (checks/framework_profiles.json), extended by a file of the
// user's (ProfileFile) and narrowed by Profiles.

#include "coro.h"
#include <sys/socket.h>
#include <unistd.h>

// Stand-ins for the frameworks' types, in their namespaces.
namespace coro {
struct thread_pool {
  test::ready schedule();
};
namespace net {
// Made non-blocking when created; its profile says so.
class socket {
public:
  int native_handle() const { return fd_; }

private:
  int fd_ = -1;
};
} // namespace net
} // namespace coro
namespace asio {
struct thread_pool {};
struct use_awaitable_t {};
inline constexpr use_awaitable_t use_awaitable;
test::ready post(thread_pool &, use_awaitable_t);
// A framework's internals are used by their surface, not followed: closing
// a socket that does not linger returns at once.
inline void close_socket(int fd) { ::close(fd); }
} // namespace asio
namespace acme {
struct workers {
  test::ready offload();
};
} // namespace acme

// libcoro's thread_pool::schedule() resumes the coroutine on the pool.
test::task<> libcoro_hop(coro::thread_pool &tp, int fd) {
  co_await tp.schedule();
  char c;
  read(fd, &c, 1);
  // CHECK-MESSAGES-SUBSET: :[[@LINE-1]]:3: warning: blocking call to 'read' in coroutine 'libcoro_hop'
}

// asio::post(pool, use_awaitable) runs an empty handler on the pool and
// resumes on the coroutine's own executor: what follows blocks its loop.
test::task<> asio_post_is_not_a_hop(asio::thread_pool &pool) {
  co_await asio::post(pool, asio::use_awaitable);
  sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'sleep' in coroutine 'asio_post_is_not_a_hop'
  // CHECK-MESSAGES-USER: :[[@LINE-2]]:3: warning: blocking call to 'sleep'
  // CHECK-MESSAGES-SUBSET: :[[@LINE-3]]:3: warning: blocking call to 'sleep'
}

test::task<> no_warning_framework_internals(int fd) {
  asio::close_socket(fd);
  co_return;
}

// An in-house framework's hop, known from the user's profile file only.
test::task<> in_house_hop(acme::workers &w) {
  co_await w.offload();
  sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'sleep' in coroutine 'in_house_hop'
  // CHECK-MESSAGES-SUBSET: :[[@LINE-2]]:3: warning: blocking call to 'sleep' in coroutine 'in_house_hop'
}

// I/O on a libcoro socket's descriptor returns EAGAIN rather than waiting
// (reported only when the libcoro profile is off).
test::task<> libcoro_socket(coro::net::socket &s, const sockaddr *addr, socklen_t len) {
  ::connect(s.native_handle(), addr, len);
  // CHECK-MESSAGES-SUBSET: :[[@LINE-1]]:3: warning: blocking call to 'connect' in coroutine 'libcoro_socket'
  char c;
  ::recv(s.native_handle(), &c, 1, 0);
  // CHECK-MESSAGES-SUBSET: :[[@LINE-1]]:3: warning: blocking call to 'recv' in coroutine 'libcoro_socket'
  co_return;
}

test::task<> plain_descriptor(int fd, const sockaddr *addr, socklen_t len) {
  ::connect(fd, addr, len);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'connect' in coroutine 'plain_descriptor'
  // CHECK-MESSAGES-USER: :[[@LINE-2]]:3: warning: blocking call to 'connect'
  // CHECK-MESSAGES-SUBSET: :[[@LINE-3]]:3: warning: blocking call to 'connect'
  co_return;
}
