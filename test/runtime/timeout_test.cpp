#include <concur/task/cancelled.hpp>
#include <concur/task/run.hpp>
#include <concur/task/spawn.hpp>
#include <concur/time/sleep.hpp>
#include <concur/time/timeout.hpp>

#include <gtest/gtest.h>

using namespace std::chrono_literals;

namespace {

concur::task<int> after(std::chrono::milliseconds d, int v) {
  co_await concur::sleep_for(d);
  co_return v;
}

TEST(Timeout, ReturnsTheResultWhenInTime) {
  auto body = []() -> concur::task<int> { co_return co_await concur::timeout(1s, after(1ms, 4)); };
  EXPECT_EQ(concur::run(body()), 4);
}

TEST(Timeout, ThrowsTimeoutErrorAndCancelsTheTask) {
  auto body = []() -> concur::task<bool> {
    bool cancelled = false;
    auto slow = [&]() -> concur::task<void> {
      try {
        co_await concur::sleep_for(1h);
      } catch (const concur::cancelled &) {
        cancelled = true;
        throw;
      }
    };
    try {
      co_await concur::timeout(5ms, slow());
    } catch (const concur::timeout_error &) {
      co_return cancelled;
    }
    co_return false;
  };
  EXPECT_TRUE(concur::run(body()));
}

TEST(Timeout, ErrorsOfTheTaskPassThrough) {
  auto body = []() -> concur::task<void> {
    auto bad = []() -> concur::task<void> {
      co_await concur::sleep_for(1ms);
      throw std::domain_error("inner");
    };
    co_await concur::timeout(1s, bad());
  };
  EXPECT_THROW(concur::run(body()), std::domain_error);
}

TEST(Timeout, ReferenceResults) {
  static int target = 1;
  auto ref = []() -> concur::task<int &> {
    co_await concur::sleep_for(1ms);
    co_return target;
  };
  auto body = [&]() -> concur::task<int *> { co_return &co_await concur::timeout(1s, ref()); };
  EXPECT_EQ(concur::run(body()), &target);
}

TEST(Timeout, OuterCancellationIsNotATimeout) {
  auto body = []() -> concur::task<bool> {
    auto t = []() -> concur::task<void> { co_await concur::timeout(1h, after(1h, 0)); };
    auto h = concur::spawn(t());
    co_await concur::sleep_for(1ms);
    h.cancel();
    try {
      co_await h;
    } catch (const concur::cancelled &) {
      co_return true;
    } catch (const concur::timeout_error &) {
      co_return false;
    }
    co_return false;
  };
  EXPECT_TRUE(concur::run(body()));
}

} // namespace
