// RUN: %check_concur %s concur-blocking-call-in-coroutine %t -- -std=c++20 -I%runtime_include
// Regression test from docs/real-world.md, class K1 (survey 9: boostorg/cobalt
// example/http.cpp:60 and example/ticker.cpp:180). Each example defines its
// own coroutine `connect(host, ctx)` in the global namespace, which only
// awaits asynchronous operations; it was taken for POSIX ::connect by its
// name alone. A catalogue entry for a C library function ("::connect")
// matches only a declaration with C linkage or one in a system header. A
// small stand-in, in cobalt's style.

#include "coro.h"
#include <string_view>
#include <sys/socket.h>

namespace cobalt {
template <class T> struct promise {
  struct promise_type {
    promise get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_value(T) {}
    void unhandled_exception() {}
  };
  bool await_ready() const noexcept { return false; }
  void await_suspend(std::coroutine_handle<>) noexcept {}
  T await_resume() { return T{}; }
};
} // namespace cobalt

struct ssl_context {};
struct stream {};

cobalt::promise<stream> connect(std::string_view host, ssl_context &ctx) {
  co_await test::ready{};
  co_return stream{};
}

int connect(std::string_view host); // a plain C++ function of the same name

cobalt::promise<int> main_like(ssl_context &ctx) {
  auto s = co_await connect("example.com", ctx);
  (void)s;
  co_return connect("example.com");
}

cobalt::promise<int> real_posix_connect(int fd, const sockaddr *addr, socklen_t len) {
  co_return ::connect(fd, addr, len);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: blocking call to 'connect' in coroutine 'real_posix_connect'{{.*}} [concur-blocking-call-in-coroutine]
}

extern "C" int sleep_ms(unsigned); // C linkage: but no catalogue entry of that name
extern "C" unsigned sleep(unsigned); // a redeclaration of the C library's: still it

cobalt::promise<int> redeclared(unsigned s) {
  co_return static_cast<int>(sleep(s));
  // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: blocking call to 'sleep' in coroutine 'redeclared'{{.*}} [concur-blocking-call-in-coroutine]
}
