#include <concur/task/cancelled.hpp>
#include <concur/task/run.hpp>
#include <concur/task/when_any.hpp>
#include <concur/time/sleep.hpp>

#include <gtest/gtest.h>

#include <string>

using namespace std::chrono_literals;

namespace {

concur::task<int> after(std::chrono::milliseconds d, int v) {
  co_await concur::sleep_for(d);
  co_return v;
}

TEST(WhenAny, FirstToFinishWinsAndTheRestAreCancelled) {
  auto body = []() -> concur::task<std::string> {
    bool loser_cancelled = false;
    auto loser = [&]() -> concur::task<std::string> {
      try {
        co_await concur::sleep_for(1h);
      } catch (const concur::cancelled &) {
        loser_cancelled = true;
        throw;
      }
      co_return "late";
    };
    auto r = co_await concur::when_any(loser(), after(2ms, 7));
    EXPECT_TRUE(loser_cancelled); // when_any returns after the losers finished
    co_return r.index() == 1 ? std::to_string(std::get<1>(r)) : "wrong";
  };
  EXPECT_EQ(concur::run(body()), "7");
}

TEST(WhenAny, VectorFormReturnsIndexAndValue) {
  auto body = []() -> concur::task<std::pair<std::size_t, int>> {
    std::vector<concur::task<int>> ts;
    ts.push_back(after(50ms, 0));
    ts.push_back(after(1ms, 10));
    ts.push_back(after(60ms, 20));
    co_return co_await concur::when_any(std::move(ts));
  };
  auto [i, v] = concur::run(body());
  EXPECT_EQ(i, 1u);
  EXPECT_EQ(v, 10);
}

TEST(WhenAny, FirstFailureIsRethrown) {
  auto body = []() -> concur::task<void> {
    auto bad = []() -> concur::task<int> {
      co_await concur::sleep_for(1ms);
      throw std::runtime_error("first");
    };
    co_await concur::when_any(bad(), after(1h, 0));
  };
  EXPECT_THROW(concur::run(body()), std::runtime_error);
}

TEST(WhenAny, EmptyVectorIsAnError) {
  auto body = []() -> concur::task<void> {
    co_await concur::when_any(std::vector<concur::task<int>>{});
  };
  EXPECT_THROW(concur::run(body()), std::invalid_argument);
}

} // namespace
