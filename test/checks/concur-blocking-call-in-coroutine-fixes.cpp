// RUN: %check_concur %s concur-blocking-call-in-coroutine %t -- -I%runtime_include

// Fix-its: sleeps become timers on the loop, other calls are offloaded with
// to_thread. The runner compiles the fixed file against the runtime.

#include <chrono>
#include <concur/task/task.hpp>
#include <concur/time/sleep.hpp>
#include <cstdio>
#include <future>
#include <string>
#include <thread>
#include <unistd.h>
// CHECK-FIXES: #include <concur/concur.hpp>

using namespace std::chrono_literals;

int load(int fd) {
  char c;
  return static_cast<int>(read(fd, &c, 1));
}

concur::task<int> fixes(int fd, std::future<std::string> &name, FILE *fp) {
  std::this_thread::sleep_for(10ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for'
  // CHECK-FIXES: {{^}}  co_await concur::sleep_for(10ms);{{$}}
  std::this_thread::sleep_until(std::chrono::steady_clock::now() + 1ms);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_until'
  // CHECK-FIXES: {{^}}  co_await concur::sleep_until(std::chrono::steady_clock::now() + 1ms);{{$}}
  sleep(2);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'sleep'
  // CHECK-FIXES: {{^}}  co_await concur::sleep_for(std::chrono::seconds(2));{{$}}
  usleep(500);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'usleep'
  // CHECK-FIXES: {{^}}  co_await concur::sleep_for(std::chrono::microseconds(500));{{$}}
  char buf[16];
  ssize_t n = read(fd, buf, sizeof buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: blocking call to 'read'
  // CHECK-FIXES: {{^}}  ssize_t n = co_await concur::to_thread([&] { return read(fd, buf, sizeof
  // buf); });{{$}}
  write(fd, buf, n);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'write'
  // CHECK-FIXES: {{^}}  co_await concur::to_thread([&] { write(fd, buf, n); });{{$}}
  std::size_t size = name.get().size();
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: blocking call to 'std::future::get'
  // CHECK-FIXES: {{^}}  std::size_t size = (co_await concur::to_thread([&] { return name.get();
  // })).size();{{$}}
  while (fgets(buf, sizeof buf, fp) != nullptr) {
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: blocking call to 'fgets'
    // CHECK-FIXES: {{^}}  while ((co_await concur::to_thread([&] { return fgets(buf, sizeof buf,
    // fp); })) != nullptr) {{{$}}
  }
  int total = load(fd) + 1;
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: call to 'load' in coroutine 'fixes' blocks its event
  // loop CHECK-FIXES: {{^}}  int total = (co_await concur::to_thread([&] { return load(fd); })) +
  // 1;{{$}}
  co_return total + static_cast<int>(size);
}

// No fix where a rewrite is not safe: a catch handler may not co_await, a
// reference result would dangle, a constructor declares a variable, and
// macros hide the code.
#define READ_ONE(fd, c) read(fd, &c, 1)
FILE *&stream_ref(FILE *&fp) {
  fgets(nullptr, 0, fp);
  return fp;
}
// Assigning the result of a co_await: the expression suspends, so it cannot
// move into an offloaded lambda.
struct connection {
  int fd = -1;
  connection() = default;
  connection(connection &&) = default;
  connection &operator=(connection &&other) {
    char c;
    read(other.fd, &c, 1);
    fd = other.fd;
    return *this;
  }
};
concur::task<connection> accept_one() { co_return connection{}; }
concur::task<> no_fix_with_co_await(connection &current) {
  current = co_await accept_one();
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: call to 'connection::operator=' in coroutine
  // 'no_fix_with_co_await' blocks its event loop CHECK-FIXES: {{^}}  current = co_await
  // accept_one();{{$}}
}

// An overloaded operator in a sleep's argument (no crash, and the fix keeps it).
concur::task<> backoff(std::chrono::milliseconds base, int attempt) {
  std::this_thread::sleep_for(base * (1 << attempt));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for'
  // CHECK-FIXES: {{^}}  co_await concur::sleep_for(base * (1 << attempt));{{$}}
  co_return;
}

concur::task<> no_fixes(int fd, FILE *fp) {
  char c;
  try {
    co_await concur::sleep_for(1ms);
  } catch (...) {
    read(fd, &c, 1);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'read'
    // CHECK-FIXES: {{^}}    read(fd, &c, 1);{{$}}
  }
  FILE *&ref = stream_ref(fp);
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: call to 'stream_ref' in coroutine 'no_fixes' blocks
  // its event loop CHECK-FIXES: {{^}}  FILE *&ref = stream_ref(fp);{{$}}
  READ_ONE(fd, c);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'read'
  // CHECK-FIXES: {{^}}  READ_ONE(fd, c);{{$}}
}
