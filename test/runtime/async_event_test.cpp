#include <concur/sync/async_event.hpp>
#include <concur/task/cancelled.hpp>
#include <concur/task/run.hpp>
#include <concur/task/spawn.hpp>
#include <concur/task/yield.hpp>

#include <gtest/gtest.h>

#include <thread>

namespace {

TEST(AsyncEvent, SetWakesAllWaiters) {
  auto body = []() -> concur::task<int> {
    concur::async_event ev;
    int woken = 0;
    auto waiter = [&]() -> concur::task<void> {
      co_await ev.wait();
      ++woken;
    };
    std::vector<concur::join_handle<void>> hs;
    for (int i = 0; i < 5; ++i)
      hs.push_back(concur::spawn(waiter()));
    co_await concur::yield_now();
    EXPECT_EQ(woken, 0);
    ev.set();
    for (auto &h : hs)
      co_await h;
    co_await ev.wait(); // set: completes at once
    ev.clear();
    EXPECT_FALSE(ev.is_set());
    co_return woken;
  };
  EXPECT_EQ(concur::run(body()), 5);
}

TEST(AsyncEvent, SetFromAnotherThread) {
  auto body = []() -> concur::task<bool> {
    concur::async_event ev;
    std::thread t([&] { ev.set(); });
    co_await ev.wait();
    t.join();
    co_return concur::event_loop::current() != nullptr; // resumed on the loop thread
  };
  EXPECT_TRUE(concur::run(body()));
}

TEST(AsyncEvent, WaitIsCancellable) {
  auto body = []() -> concur::task<bool> {
    concur::async_event ev;
    auto waiter = [&]() -> concur::task<void> { co_await ev.wait(); };
    auto h = concur::spawn(waiter());
    co_await concur::yield_now();
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

} // namespace
