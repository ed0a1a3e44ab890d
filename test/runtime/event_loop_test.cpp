#include <concur/event_loop.hpp>
#include <concur/task/task.hpp>
#include <concur/task/yield.hpp>
#include <concur/time/sleep.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

using namespace std::chrono_literals;

namespace {

TEST(EventLoop, CallSoonRunsInOrder) {
  concur::event_loop loop;
  std::vector<int> order;
  loop.call_soon([&] { order.push_back(1); });
  loop.call_soon([&] { order.push_back(2); });
  loop.call_soon([&] {
    order.push_back(3);
    loop.stop();
  });
  loop.run_forever();
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3}));
}

// Spawned tasks, callbacks and resumed tasks share one FIFO: they run in the order queued.
TEST(EventLoop, SpawnsCallbacksAndResumptionsRunInQueueOrder) {
  concur::event_loop loop;
  std::vector<int> order;
  auto step = [&](int first, int second) -> concur::task<void> {
    order.push_back(first);
    co_await concur::yield_now();
    order.push_back(second);
  };
  loop.call_soon([&] { order.push_back(1); });
  loop.spawn(step(2, 6)).detach();
  loop.call_soon([&] { order.push_back(3); });
  loop.spawn(step(4, 7)).detach();
  loop.call_soon([&] { order.push_back(5); });
  loop.run_until_complete([]() -> concur::task<void> {
    for (int i = 0; i < 3; ++i)
      co_await concur::yield_now();
  }());
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3, 4, 5, 6, 7}));
}

TEST(EventLoop, CurrentIsSetOnlyWhileRunning) {
  concur::event_loop loop;
  EXPECT_EQ(concur::event_loop::current(), nullptr);
  concur::event_loop *seen = nullptr;
  loop.call_soon([&] {
    seen = concur::event_loop::current();
    loop.stop();
  });
  loop.run_forever();
  EXPECT_EQ(seen, &loop);
  EXPECT_EQ(concur::event_loop::current(), nullptr);
}

TEST(EventLoop, CallSoonThreadsafeWakesASleepingLoop) {
  concur::event_loop loop;
  std::atomic<int> hits{0};
  std::thread other([&] {
    std::this_thread::sleep_for(20ms);
    for (int i = 0; i < 100; ++i)
      loop.call_soon_threadsafe([&] { ++hits; });
    loop.call_soon_threadsafe([&] { loop.stop(); });
  });
  loop.run_forever(); // blocks in epoll until the other thread posts
  other.join();
  EXPECT_EQ(hits.load(), 100);
}

TEST(EventLoop, StopFromAnotherThread) {
  concur::event_loop loop;
  std::thread other([&] {
    std::this_thread::sleep_for(10ms);
    loop.stop();
  });
  loop.run_forever();
  other.join();
  SUCCEED();
}

TEST(EventLoop, NestedRunIsRejected) {
  concur::event_loop outer, inner;
  bool threw = false;
  outer.call_soon([&] {
    try {
      inner.run_forever();
    } catch (const std::logic_error &) {
      threw = true;
    }
    outer.stop();
  });
  outer.run_forever();
  EXPECT_TRUE(threw);
}

TEST(EventLoop, RunUntilCompleteReturnsTheResult) {
  concur::event_loop loop;
  auto body = []() -> concur::task<std::string> {
    co_await concur::sleep_for(1ms);
    co_return "done";
  };
  EXPECT_EQ(loop.run_until_complete(body()), "done");
  // The loop can run again afterwards.
  EXPECT_EQ(loop.run_until_complete(body()), "done");
}

TEST(EventLoop, DestroyingTheLoopFreesPendingTasks) {
  auto flag = std::make_shared<int>(0);
  {
    concur::event_loop loop;
    auto sleeper = [](std::shared_ptr<int> f) -> concur::task<void> {
      co_await concur::sleep_for(1h);
      *f = 1; // never reached
    };
    for (int i = 0; i < 10; ++i)
      loop.spawn(sleeper(flag)).detach();
    auto starter = []() -> concur::task<void> { co_await concur::sleep_for(5ms); };
    loop.run_until_complete(starter());
    EXPECT_EQ(flag.use_count(), 11);
  }
  // The frames (and the shared_ptr copies in them) are gone.
  EXPECT_EQ(flag.use_count(), 1);
  EXPECT_EQ(*flag, 0);
}

TEST(EventLoop, UnawaitedExceptionIsReported) {
  concur::event_loop loop;
  std::vector<std::string> reports;
  loop.set_exception_handler([&](std::exception_ptr e, std::string_view name) {
    try {
      std::rethrow_exception(e);
    } catch (const std::exception &ex) {
      reports.push_back(std::string(name) + ": " + ex.what());
    }
  });
  auto failing = []() -> concur::task<void> {
    co_await concur::yield_now();
    throw std::runtime_error("lost?");
  };
  loop.spawn(failing(), "worker").detach();
  {
    auto h = loop.spawn(failing(), "held"); // handle dropped after completion, never awaited
    auto wait = []() -> concur::task<void> { co_await concur::sleep_for(5ms); };
    loop.run_until_complete(wait());
  }
  ASSERT_EQ(reports.size(), 2u);
  EXPECT_EQ(reports[0], "worker: lost?");
  EXPECT_EQ(reports[1], "held: lost?");
}

TEST(EventLoop, ScheduleMovesBackToTheLoopThread) {
  concur::event_loop loop;
  concur::thread_pool pool(1);
  auto body = [&]() -> concur::task<bool> {
    co_await pool.schedule();
    bool on_pool = pool.on_worker_thread();
    co_await loop.schedule();
    co_return on_pool &&loop.on_loop_thread();
  };
  EXPECT_TRUE(loop.run_until_complete(body()));
}

TEST(EventLoop, DebugModeReportsAStall) {
  concur::event_loop::options opts;
  opts.debug = true;
  opts.stall_threshold = 20ms;
  std::vector<std::string> reports;
  opts.report = [&](std::string_view m) { reports.emplace_back(m); };
  concur::event_loop loop(opts);
  auto blocker = []() -> concur::task<void> {
    co_await concur::yield_now();
    std::this_thread::sleep_for(60ms); // blocks the loop: what debug mode is for
  };
  auto h = loop.spawn(blocker(), "blocker");
  auto wait = [&]() -> concur::task<void> { co_await h; };
  loop.run_until_complete(wait());
  ASSERT_FALSE(reports.empty());
  EXPECT_NE(reports[0].find("task 'blocker'"), std::string::npos) << reports[0];
  EXPECT_NE(reports[0].find("event_loop_test.cpp"), std::string::npos) << reports[0];
  EXPECT_NE(reports[0].find("without yielding"), std::string::npos) << reports[0];
}

// The last resume point survives a sleep (debug mode keeps it outside the frame).
TEST(EventLoop, DebugModeReportsTheSleepItResumedFrom) {
  concur::event_loop::options opts;
  opts.debug = true;
  opts.stall_threshold = 20ms;
  std::vector<std::string> reports;
  opts.report = [&](std::string_view m) { reports.emplace_back(m); };
  concur::event_loop loop(opts);
  auto sleeper = []() -> concur::task<void> {
    co_await concur::sleep_for(1ms);
    std::this_thread::sleep_for(60ms);
  };
  auto h = loop.spawn(sleeper(), "sleeper");
  EXPECT_STREQ(h.name(), "sleeper");
  auto wait = [&]() -> concur::task<void> { co_await h; };
  loop.run_until_complete(wait());
  ASSERT_FALSE(reports.empty());
  EXPECT_NE(reports[0].find("task 'sleeper'"), std::string::npos) << reports[0];
  EXPECT_NE(reports[0].find("event_loop_test.cpp:"), std::string::npos) << reports[0];
}

TEST(EventLoop, DebugModeIsQuietForShortSteps) {
  concur::event_loop::options opts;
  opts.debug = true;
  opts.stall_threshold = 10s;
  int reports = 0;
  opts.report = [&](std::string_view) { ++reports; };
  concur::event_loop loop(opts);
  auto body = []() -> concur::task<void> {
    for (int i = 0; i < 100; ++i)
      co_await concur::yield_now();
  };
  loop.run_until_complete(body());
  EXPECT_EQ(reports, 0);
}

// Issue 13, point 7: a nested run_until_complete is refused before it spawns anything.
TEST(EventLoop, RejectedNestedRunUntilCompleteSpawnsNothing) {
  concur::event_loop loop;
  bool inner_ran = false;
  auto inner = [&]() -> concur::task<void> {
    inner_ran = true;
    co_return;
  };
  auto outer = [&]() -> concur::task<int> {
    EXPECT_THROW(loop.run_until_complete(inner()), std::logic_error);
    concur::event_loop other;
    EXPECT_THROW(other.run_until_complete(inner()), std::logic_error);
    co_await concur::sleep_for(std::chrono::milliseconds(2)); // a stray task would stop us here
    co_return 1;
  };
  EXPECT_EQ(loop.run_until_complete(outer()), 1);
  EXPECT_FALSE(inner_ran);
}

} // namespace
