#include <concur/sync/async_semaphore.hpp>
#include <concur/task/cancelled.hpp>
#include <concur/task/gather.hpp>
#include <concur/task/run.hpp>
#include <concur/task/spawn.hpp>
#include <concur/task/yield.hpp>
#include <concur/time/sleep.hpp>

#include <gtest/gtest.h>

using namespace std::chrono_literals;

namespace {

TEST(AsyncSemaphore, BoundsConcurrency) {
  auto body = []() -> concur::task<int> {
    concur::async_semaphore sem(3);
    int active = 0, peak = 0;
    auto job = [&]() -> concur::task<void> {
      auto permit = co_await sem.scoped_acquire();
      peak = std::max(peak, ++active);
      co_await concur::sleep_for(1ms);
      --active;
    };
    std::vector<concur::task<void>> jobs;
    for (int i = 0; i < 20; ++i)
      jobs.push_back(job());
    co_await concur::gather(std::move(jobs));
    EXPECT_EQ(sem.available(), 3);
    co_return peak;
  };
  EXPECT_EQ(concur::run(body()), 3);
}

TEST(AsyncSemaphore, AcquireReleaseAndTryAcquire) {
  auto body = []() -> concur::task<bool> {
    concur::async_semaphore sem(1);
    co_await sem.acquire();
    EXPECT_FALSE(sem.try_acquire());
    bool got = false;
    auto waiter = [&]() -> concur::task<void> {
      co_await sem.acquire();
      got = true;
    };
    auto h = concur::spawn(waiter());
    co_await concur::yield_now();
    EXPECT_FALSE(got);
    sem.release();
    co_await h;
    co_return got &&sem.available() == 0;
  };
  EXPECT_TRUE(concur::run(body()));
}

TEST(AsyncSemaphore, CancelledWaiterDoesNotConsumeAPermit) {
  auto body = []() -> concur::task<std::ptrdiff_t> {
    concur::async_semaphore sem(0);
    auto waiter = [&]() -> concur::task<void> { co_await sem.acquire(); };
    auto h = concur::spawn(waiter());
    co_await concur::yield_now();
    h.cancel();
    EXPECT_THROW(co_await h, concur::cancelled);
    sem.release();
    co_return sem.available();
  };
  EXPECT_EQ(concur::run(body()), 1);
}

TEST(AsyncSemaphore, NegativeCountIsRejected) {
  EXPECT_THROW(concur::async_semaphore(-1), std::invalid_argument);
}

} // namespace
