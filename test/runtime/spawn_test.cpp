#include <concur/task/run.hpp>
#include <concur/task/spawn.hpp>
#include <concur/time/sleep.hpp>

#include <gtest/gtest.h>

using namespace std::chrono_literals;

namespace {

TEST(Spawn, RunsConcurrentlyOnTheCurrentLoop) {
  auto body = []() -> concur::task<int> {
    std::vector<int> order;
    auto worker = [&](int id, std::chrono::milliseconds d) -> concur::task<void> {
      co_await concur::sleep_for(d);
      order.push_back(id);
    };
    auto a = concur::spawn(worker(1, 20ms));
    auto b = concur::spawn(worker(2, 1ms));
    co_await a;
    co_await b;
    co_return order.size() == 2 && order[0] == 2 && order[1] == 1 ? 1 : 0;
  };
  EXPECT_EQ(concur::run(body()), 1);
}

TEST(Spawn, WithoutALoopThrows) {
  auto t = []() -> concur::task<void> { co_return; };
  EXPECT_THROW((void)concur::spawn(t()), std::logic_error);
}

} // namespace
