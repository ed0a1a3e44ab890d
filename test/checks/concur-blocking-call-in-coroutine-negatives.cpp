// RUN: %check_concur %s concur-blocking-call-in-coroutine %t -- -I%runtime_include

// Code that must not be reported.

#include "coro.h"
#include <chrono>
#include <functional>
#include <mutex>
#include <semaphore>
#include <sys/socket.h>
#include <thread>
#include <type_traits>
#include <unistd.h>
#include <utility>

// A plain function may block: it runs wherever its caller decided.
int no_warning_plain_function(int fd) {
  char c;
  return read(fd, &c, 1);
}

// A user's own `read` is not POSIX read: names are resolved, not matched.
namespace net {
test::ready read(int fd, char *buf, int n) { return {}; }
} // namespace net
struct file {
  int read(char *buf, int n) { return 0; }
};

test::task<> no_warning_user_functions_named_like_posix(int fd, file &f) {
  char buf[8];
  co_await net::read(fd, buf, 8);
  f.read(buf, 8);
  co_return;
}

// Callables the coroutine only creates run elsewhere.
template <typename F> void run_elsewhere(F &&f) {}
test::task<> no_warning_lambdas_and_threads(int fd) {
  run_elsewhere([fd] {
    char c;
    read(fd, &c, 1);
    sleep(1);
  });
  std::thread worker([] { std::this_thread::sleep_for(std::chrono::seconds(1)); });
  worker.detach();
  std::function<void()> callback = [] { usleep(10); };
  struct local {
    static void blocks() { sleep(1); }
  };
  co_return;
}

// Unevaluated operands never run.
test::task<> no_warning_unevaluated(int fd) {
  char c;
  using result = decltype(read(fd, &c, 1));
  constexpr auto size = sizeof(read(fd, &c, 1));
  constexpr bool nothrow = noexcept(sleep(1));
  constexpr bool callable = requires { read(fd, &c, 1); };
  static_assert(std::is_same_v<result, ssize_t>);
  co_return;
}

// Taking a mutex is not "blocking" here: see concur-lock-across-suspension.
std::mutex m;
test::task<> no_warning_mutex() {
  std::lock_guard<std::mutex> guard(m);
  m.try_lock();
  co_return;
}

// try_* never waits.
test::task<> no_warning_try(std::binary_semaphore &sem) {
  sem.try_acquire();
  co_return;
}

// A synchronous generator runs on its consumer's thread, at its pace.
test::generator<int> no_warning_generator(int fd) {
  char c;
  while (read(fd, &c, 1) > 0)
    co_yield c;
}

// MSG_DONTWAIT makes a receive return at once.
test::task<> no_warning_nonblocking_recv(int fd) {
  char buf[8];
  recv(fd, buf, 8, MSG_DONTWAIT);
  send(fd, buf, 8, MSG_DONTWAIT | MSG_NOSIGNAL);
  co_return;
}
