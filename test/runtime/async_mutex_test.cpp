#include <concur/pool/thread_pool.hpp>
#include <concur/sync/async_mutex.hpp>
#include <concur/task/cancelled.hpp>
#include <concur/task/run.hpp>
#include <concur/task/spawn.hpp>
#include <concur/task/yield.hpp>
#include <concur/time/sleep.hpp>

#include <gtest/gtest.h>

using namespace std::chrono_literals;

namespace {

TEST(AsyncMutex, GuardIsSafeAcrossSuspension) {
  auto body = []() -> concur::task<int> {
    concur::async_mutex m;
    int inside = 0, max_inside = 0;
    auto worker = [&]() -> concur::task<void> {
      for (int i = 0; i < 10; ++i) {
        auto g = co_await m.lock();
        max_inside = std::max(max_inside, ++inside);
        co_await concur::yield_now(); // other tasks run, but none gets in
        --inside;
      }
    };
    std::vector<concur::join_handle<void>> hs;
    for (int i = 0; i < 5; ++i)
      hs.push_back(concur::spawn(worker()));
    for (auto &h : hs)
      co_await h;
    EXPECT_FALSE(m.is_locked());
    co_return max_inside;
  };
  EXPECT_EQ(concur::run(body()), 1);
}

TEST(AsyncMutex, TryLockAndFifoOrder) {
  auto body = []() -> concur::task<std::vector<int>> {
    concur::async_mutex m;
    EXPECT_TRUE(m.try_lock());
    EXPECT_FALSE(m.try_lock());
    std::vector<int> order;
    auto waiter = [&](int id) -> concur::task<void> {
      auto g = co_await m.lock();
      order.push_back(id);
    };
    auto a = concur::spawn(waiter(1));
    auto b = concur::spawn(waiter(2));
    co_await concur::yield_now();
    co_await concur::yield_now();
    m.unlock();
    co_await a;
    co_await b;
    co_return order;
  };
  EXPECT_EQ(concur::run(body()), (std::vector<int>{1, 2}));
}

TEST(AsyncMutex, CancelledWaiterLeavesTheQueue) {
  auto body = []() -> concur::task<bool> {
    concur::async_mutex m;
    auto g = co_await m.lock();
    auto waiter = [&]() -> concur::task<void> { auto g2 = co_await m.lock(); };
    auto h = concur::spawn(waiter());
    co_await concur::yield_now();
    h.cancel();
    EXPECT_THROW(co_await h, concur::cancelled);
    g.unlock();
    co_return m.try_lock(); // nobody else holds it
  };
  EXPECT_TRUE(concur::run(body()));
}

TEST(AsyncMutex, ProtectsAgainstPoolThreadsToo) {
  concur::thread_pool pool(2);
  auto body = [&]() -> concur::task<long> {
    concur::async_mutex m;
    long counter = 0;
    auto worker = [&]() -> concur::task<void> {
      for (int i = 0; i < 2000; ++i) {
        if (i % 2)
          co_await pool.schedule(); // alternate between pool and loop threads
        auto g = co_await m.lock();
        ++counter;
      }
    };
    std::vector<concur::join_handle<void>> hs;
    for (int i = 0; i < 4; ++i)
      hs.push_back(concur::spawn(worker()));
    for (auto &h : hs)
      co_await h;
    co_return counter;
  };
  EXPECT_EQ(concur::run(body()), 8000);
}

} // namespace
