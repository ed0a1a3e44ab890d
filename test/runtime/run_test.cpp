#include <concur/task/run.hpp>
#include <concur/task/spawn.hpp>
#include <concur/time/sleep.hpp>

#include <gtest/gtest.h>

using namespace std::chrono_literals;

namespace {

TEST(Run, ReturnsTheResult) {
  auto body = []() -> concur::task<int> { co_return 5; };
  EXPECT_EQ(concur::run(body()), 5);
}

TEST(Run, RethrowsTheException) {
  auto body = []() -> concur::task<int> {
    co_await concur::sleep_for(1ms);
    throw std::invalid_argument("nope");
  };
  EXPECT_THROW(concur::run(body()), std::invalid_argument);
}

TEST(Run, LeftoverTasksAreFreedOnReturn) {
  auto token = std::make_shared<int>(0);
  auto body = [](std::shared_ptr<int> t) -> concur::task<void> {
    auto forever = [](std::shared_ptr<int>) -> concur::task<void> {
      co_await concur::sleep_for(1h);
    };
    concur::spawn(forever(t)).detach();
    co_await concur::sleep_for(1ms);
  };
  concur::run(body(token));
  EXPECT_EQ(token.use_count(), 1);
}

TEST(Run, InsideARunningLoopIsRejected) {
  auto inner = []() -> concur::task<int> { co_return 1; };
  auto outer = [&]() -> concur::task<bool> {
    try {
      concur::run(inner());
    } catch (const std::logic_error &) {
      co_return true;
    }
    co_return false;
  };
  EXPECT_TRUE(concur::run(outer()));
}

} // namespace
