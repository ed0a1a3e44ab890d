// RUN: %check_concur %s concur-blocking-call-in-coroutine %t -- -I%runtime_include

// More of the C++ library: console input, filesystem, latches, barriers,
// semaphores, atomics waits; copies and moves of streams are not I/O.

#include "coro.h"
#include <atomic>
#include <barrier>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <latch>
#include <semaphore>
#include <sstream>
#include <string>
#include <utility>

test::task<> console() {
  int x;
  std::cin >> x;
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking call to 'std::basic_istream::operator>>' in coroutine 'console'
  std::string word;
  std::cin >> word;
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: blocking call to 'std::operator>>' in coroutine 'console'
  std::istringstream in("1 2");
  in >> x; // not the console
  std::getline(in, word);
  co_return;
}

test::task<> filesystem(const std::filesystem::path &p) {
  bool here = std::filesystem::exists(p);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: blocking call to 'std::filesystem::exists'
  std::filesystem::create_directories(p / "cache");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: blocking call to 'std::filesystem::create_directories'
  for (const auto &entry : std::filesystem::directory_iterator(p)) {
    // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: blocking call to 'std::filesystem::directory_iterator::directory_iterator'
  }
  auto name = p.filename(); // path arithmetic touches no disk
  co_return;
}

test::task<> synchronisation(std::latch &l, std::barrier<> &b, std::counting_semaphore<4> &s,
                             std::atomic<int> &a) {
  l.wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'std::latch::wait'
  b.arrive_and_wait();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'std::barrier::arrive_and_wait'
  s.acquire();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'std::counting_semaphore::acquire'
  a.wait(0);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: blocking call to 'std::atomic::wait'
  l.count_down();
  s.release();
  co_return;
}

test::task<> no_warning_stream_moves(std::ifstream &opened) {
  std::ifstream moved = std::move(opened);
  std::ifstream closed;
  co_return;
}
