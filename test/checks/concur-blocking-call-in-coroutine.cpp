// RUN: %check_concur %s concur-blocking-call-in-coroutine %t -- -I%runtime_include

// Calls that block the calling thread, in a coroutine's own body.

#include "coro.h"
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <future>
#include <iostream>
#include <mutex>
#include <netdb.h>
#include <poll.h>
#include <pthread.h>
#include <semaphore.h>
#include <string>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

test::task<> handle_client(int fd) {
  char buf[64];
  recv(fd, buf, sizeof buf, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'recv' in coroutine 'handle_client' stalls its event loop [concur-blocking-call-in-coroutine]
  send(fd, buf, 3, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'send' in coroutine 'handle_client'
  ssize_t n = read(fd, buf, sizeof buf);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: blocking call to 'read' in coroutine 'handle_client'
  write(fd, buf, n);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'write'
  accept(fd, nullptr, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'accept'
  connect(fd, nullptr, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'connect'
  co_await test::ready{};
}

test::task<> sleeps() {
  sleep(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'sleep' in coroutine 'sleeps'
  usleep(100);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'usleep'
  std::this_thread::sleep_for(std::chrono::milliseconds(10));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_for'
  std::this_thread::sleep_until(std::chrono::steady_clock::now());
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::this_thread::sleep_until'
  co_return;
}

test::task<> waits(std::future<int> f, std::shared_future<int> sf, std::thread &t,
                   std::condition_variable &cv, std::mutex &m, pthread_t pt, sem_t *sem) {
  int a = f.get();
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: blocking call to 'std::future::get'
  sf.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: blocking call to 'std::shared_future::wait'
  t.join();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'std::thread::join'
  std::unique_lock<std::mutex> lock(m);
  cv.wait(lock);
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: blocking call to 'std::condition_variable::wait'
  pthread_join(pt, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'pthread_join'
  sem_wait(sem);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'sem_wait'
  co_return;
}

test::task<> files_and_processes(const char *path) {
  FILE *fp = fopen(path, "r");
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: blocking call to 'fopen'
  char line[80];
  while (fgets(line, sizeof line, fp)) {
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: blocking call to 'fgets'
  }
  std::ifstream in(path);
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: blocking call to 'std::basic_ifstream::basic_ifstream'
  std::string word;
  std::getline(std::cin, word);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::getline'
  std::system("ls");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'system'
  waitpid(-1, nullptr, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'waitpid'
  addrinfo *res = nullptr;
  getaddrinfo("example.com", "80", nullptr, &res);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'getaddrinfo'
  co_return;
}

// A lambda coroutine is a coroutine too.
auto lambda_coroutine = [](int fd) -> test::task<> {
  char c;
  read(fd, &c, 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'read' in coroutine 'lambda'
  co_return;
};

// A member function coroutine is named with its class.
struct session {
  int fd;
  test::task<> run() {
    char c;
    recv(fd, &c, 1, 0);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'recv' in coroutine 'session::run'
    co_return;
  }
};

// Blocking calls in an expression that suspends still run on the loop.
test::task<int> inside_co_await(int fd) {
  char c;
  int r = co_await (read(fd, &c, 1), test::ready{});
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: blocking call to 'read'
  co_return r;
}

// Init-captures run where the lambda is made.
test::task<> init_capture(int fd) {
  char c;
  auto f = [n = read(fd, &c, 1)] { return n; };
  // CHECK-MESSAGES: :[[@LINE-1]]:17: warning: blocking call to 'read'
  co_return;
}

// NOLINT silences one finding.
test::task<> suppressed(int fd) {
  char c;
  read(fd, &c, 1); // NOLINT(concur-blocking-call-in-coroutine)
  co_return;
}
