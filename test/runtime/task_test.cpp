#include <chrono>
#include <concur/task/run.hpp>
#include <concur/task/spawn.hpp>
#include <concur/task/task.hpp>
#include <concur/task/yield.hpp>
#include <concur/time/sleep.hpp>

#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <string>

namespace {

concur::task<int> answer() { co_return 42; }
concur::task<int> add_one(int x) { co_return co_await answer() + x; }
concur::task<void> nothing() { co_return; }
concur::task<std::unique_ptr<int>> boxed(int v) { co_return std::make_unique<int>(v); }
concur::task<int> thrower() {
  throw std::runtime_error("boom");
  co_return 0;
}
int global_value = 5;
concur::task<int &> ref_to_global() { co_return global_value; }

TEST(Task, ReturnsValue) { EXPECT_EQ(concur::run(add_one(1)), 43); }

TEST(Task, VoidTask) {
  bool ran = false;
  auto body = [&]() -> concur::task<void> {
    co_await nothing();
    ran = true;
  };
  concur::run(body());
  EXPECT_TRUE(ran);
}

TEST(Task, MoveOnlyResult) {
  auto p = concur::run(boxed(9));
  ASSERT_TRUE(p);
  EXPECT_EQ(*p, 9);
}

TEST(Task, ReferenceResult) {
  auto body = []() -> concur::task<int> {
    int &r = co_await ref_to_global();
    r = 11;
    co_return global_value;
  };
  EXPECT_EQ(concur::run(body()), 11);
  EXPECT_EQ(&concur::run(ref_to_global()), &global_value);
}

TEST(Task, ExceptionReachesAwaiter) {
  auto body = []() -> concur::task<std::string> {
    try {
      co_await thrower();
    } catch (const std::runtime_error &e) {
      co_return e.what();
    }
    co_return "no exception";
  };
  EXPECT_EQ(concur::run(body()), "boom");
  EXPECT_THROW(concur::run(thrower()), std::runtime_error);
}

TEST(Task, IsLazy) {
  bool started = false;
  auto body = [&]() -> concur::task<void> {
    started = true;
    co_return;
  };
  {
    auto t = body();
    EXPECT_FALSE(started);
    EXPECT_TRUE(t.valid());
  } // destroyed without running: no leak (ASan checks)
  EXPECT_FALSE(started);
}

TEST(Task, MoveLeavesSourceEmpty) {
  auto t = answer();
  auto u = std::move(t);
  EXPECT_FALSE(t.valid()); // NOLINT(bugprone-use-after-move): the point of the test
  EXPECT_TRUE(u.valid());
  EXPECT_EQ(concur::run(std::move(u)), 42);
}

TEST(Task, AwaitingEmptyTaskThrows) {
  auto body = []() -> concur::task<int> {
    concur::task<int> empty;
    co_return co_await empty;
  };
  EXPECT_THROW(concur::run(body()), std::logic_error);
}

concur::task<long> chain(long n) {
  if (n == 0)
    co_return 0;
  co_return 1 + co_await chain(n - 1);
}

#if CONCUR_SYMMETRIC_TRANSFER
constexpr long deep_chain = 1'000'000;
#else
// Without guaranteed tail calls (GCC at -O0 or with ASan/TSan) nesting uses real stack.
constexpr long deep_chain = 2'000;
#endif

TEST(Task, DeepChainDoesNotGrowTheStack) {
  // Symmetric transfer: one million nested awaits complete without a stack overflow.
  EXPECT_EQ(concur::run(chain(deep_chain)), deep_chain);
}

concur::task<int> loop_body(int n) {
  int sum = 0;
  for (int i = 0; i < n; ++i)
    sum += co_await answer();
  co_return sum;
}

TEST(Task, ManySequentialAwaitsDoNotGrowTheStack) {
  EXPECT_EQ(concur::run(loop_body(1'000'000)), 42'000'000);
}

// Issue 13, point 8: a task is awaited once.
TEST(Task, AwaitingTwiceThrowsInsteadOfReturningAMovedFromValue) {
  auto body = []() -> concur::task<void> {
    auto make = []() -> concur::task<std::string> { co_return std::string(100, 'x'); };
    auto t = make();
    EXPECT_EQ((co_await t).size(), 100u);
    EXPECT_THROW(co_await t, std::logic_error);
  };
  concur::run(body());
}

TEST(Task, TwoAwaitersOfOneTaskAreRefused) {
  auto body = []() -> concur::task<int> {
    auto slow = []() -> concur::task<int> {
      co_await concur::sleep_for(std::chrono::milliseconds(5));
      co_return 3;
    };
    auto shared = slow();
    auto first = concur::spawn(
        [](concur::task<int> &t) -> concur::task<int> { co_return co_await t; }(shared));
    co_await concur::yield_now(); // the first awaiter is now waiting
    bool refused = false;
    try {
      co_await shared;
    } catch (const std::logic_error &) {
      refused = true;
    }
    EXPECT_TRUE(refused);
    co_return co_await first; // and the first awaiter still resumes
  };
  EXPECT_EQ(concur::run(body()), 3);
}

} // namespace
