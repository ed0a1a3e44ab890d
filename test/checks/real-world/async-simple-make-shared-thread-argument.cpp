// RUN: %check_concur %s concur-unguarded-shared-state %t -- -std=c++20
// Regression test from docs/real-world.md, class R1 (survey 9: async_simple
// demo_example/asio/io_context_pool.hpp:42). An element handed to
// std::make_shared<std::thread>(fn, items[i]) is only copied into the new
// thread's arguments: make_shared takes it through a pack of forwarding
// references (Args&&...), which bind anything and modify nothing. It used to
// count as a write, because only a single forwarding parameter was
// recognised, not a pack. A function of our own that takes a non-const
// reference still writes. A small stand-in, in async_simple's style.

#include <memory>
#include <thread>
#include <vector>

class io_context_pool {
public:
  void run() {
    std::vector<std::shared_ptr<std::thread>> threads;
    for (std::size_t i = 0; i < contexts_.size(); ++i)
      threads.emplace_back(
          std::make_shared<std::thread>([](std::shared_ptr<int> c) { (void)*c; }, contexts_[i]));
    for (auto &t : threads)
      t->join();
  }
  void stop() {
    for (std::size_t i = 0; i < contexts_.size(); ++i)
      (void)*contexts_[i];
  }
  std::vector<std::shared_ptr<int>> contexts_;
};

void serve() {
  io_context_pool pool;
  pool.contexts_.push_back(std::make_shared<int>(1));
  std::thread runner([&] { pool.run(); });
  pool.stop();
  runner.join();
}

void reset(std::shared_ptr<int> &slot) { slot.reset(); }
// CHECK-MESSAGES: :[[@LINE-1]]:42: warning: 'p.contexts_[0]' is written by the thread started at {{.*}} without a lock; it is also read at {{.*}} [concur-unguarded-shared-state]

class resetting_pool {
public:
  void run() { reset(contexts_[0]); }
  void stop() { (void)*contexts_[0]; }
  std::vector<std::shared_ptr<int>> contexts_;
};

void serve_and_reset() {
  resetting_pool p;
  p.contexts_.push_back(std::make_shared<int>(1));
  std::thread runner([&] { p.run(); });
  p.stop();
  runner.join();
}
