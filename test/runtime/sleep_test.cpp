#include <concur/pool/thread_pool.hpp>
#include <concur/task/cancelled.hpp>
#include <concur/task/run.hpp>
#include <concur/task/spawn.hpp>
#include <concur/time/sleep.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <vector>

using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;

namespace {

TEST(Sleep, SleepsAtLeastTheDuration) {
  auto body = []() -> concur::task<clock_type::duration> {
    auto t0 = clock_type::now();
    co_await concur::sleep_for(15ms);
    co_return clock_type::now() - t0;
  };
  EXPECT_GE(concur::run(body()), 15ms);
}

TEST(Sleep, SleepUntilWithSteadyAndSystemClocks) {
  auto body = []() -> concur::task<bool> {
    auto deadline = clock_type::now() + 5ms;
    co_await concur::sleep_until(deadline);
    bool steady_ok = clock_type::now() >= deadline;
    co_await concur::sleep_until(std::chrono::system_clock::now() + 1ms);
    co_return steady_ok;
  };
  EXPECT_TRUE(concur::run(body()));
}

TEST(Sleep, ZeroAndNegativeDurationsYield) {
  auto body = []() -> concur::task<int> {
    co_await concur::sleep_for(0ms);
    co_await concur::sleep_for(-5ms);
    co_await concur::sleep_until(clock_type::now() - 1s);
    co_return 1;
  };
  EXPECT_EQ(concur::run(body()), 1);
}

TEST(Sleep, WakesInDeadlineOrder) {
  auto body = []() -> concur::task<std::vector<int>> {
    std::vector<int> order;
    auto sleeper = [&](int id, std::chrono::milliseconds d) -> concur::task<void> {
      co_await concur::sleep_for(d);
      order.push_back(id);
    };
    auto a = concur::spawn(sleeper(3, 30ms));
    auto b = concur::spawn(sleeper(1, 5ms));
    auto c = concur::spawn(sleeper(2, 15ms));
    co_await a;
    co_await b;
    co_await c;
    co_return order;
  };
  EXPECT_EQ(concur::run(body()), (std::vector<int>{1, 2, 3}));
}

TEST(Sleep, CancelWakesASleeperEarly) {
  auto body = []() -> concur::task<bool> {
    auto sleeper = []() -> concur::task<void> { co_await concur::sleep_for(1h); };
    auto h = concur::spawn(sleeper());
    co_await concur::sleep_for(1ms);
    h.cancel();
    try {
      co_await h;
    } catch (const concur::cancelled &) {
      co_return true;
    }
    co_return false;
  };
  EXPECT_TRUE(concur::run(body()));
}

TEST(Sleep, FromAPoolThreadResumesOnTheLoop) {
  concur::thread_pool pool(1);
  auto body = [&]() -> concur::task<bool> {
    co_await pool.schedule();
    co_await concur::sleep_for(1ms);
    co_return concur::event_loop::current() != nullptr && !pool.on_worker_thread();
  };
  EXPECT_TRUE(concur::run(body()));
}

TEST(Sleep, WithoutALoopThrows) {
  // Awaited from a coroutine that is not a concur task and runs on no loop.
  struct detached_coro {
    struct promise_type {
      detached_coro get_return_object() { return {}; }
      std::suspend_never initial_suspend() noexcept { return {}; }
      std::suspend_never final_suspend() noexcept { return {}; }
      void return_void() {}
      void unhandled_exception() {}
    };
  };
  bool threw = false;
  auto coro = [&]() -> detached_coro {
    try {
      co_await concur::sleep_for(1ms);
    } catch (const std::logic_error &) {
      threw = true;
    }
  };
  coro();
  EXPECT_TRUE(threw);
}

} // namespace
