#include <concur/event_loop.hpp>
#include <concur/task/cancelled.hpp>
#include <concur/task/join_handle.hpp>
#include <concur/task/run.hpp>
#include <concur/task/spawn.hpp>
#include <concur/task/yield.hpp>
#include <concur/time/sleep.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

using namespace std::chrono_literals;

namespace {

concur::task<int> slow_value(int v) {
  co_await concur::sleep_for(2ms);
  co_return v;
}

TEST(JoinHandle, AwaitReturnsTheResult) {
  auto body = []() -> concur::task<int> {
    auto h = concur::spawn(slow_value(7), "seven");
    EXPECT_STREQ(h.name(), "seven");
    EXPECT_FALSE(h.done());
    int v = co_await h;
    EXPECT_TRUE(h.done());
    co_return v;
  };
  EXPECT_EQ(concur::run(body()), 7);
}

TEST(JoinHandle, AwaitAfterCompletion) {
  auto body = []() -> concur::task<int> {
    auto h = concur::spawn(slow_value(3));
    co_await concur::sleep_for(20ms);
    EXPECT_TRUE(h.done());
    co_return co_await h;
  };
  EXPECT_EQ(concur::run(body()), 3);
}

TEST(JoinHandle, ExceptionPropagates) {
  auto body = []() -> concur::task<std::string> {
    auto fail = []() -> concur::task<void> {
      co_await concur::yield_now();
      throw std::runtime_error("bad");
    };
    auto h = concur::spawn(fail());
    try {
      co_await h;
    } catch (const std::runtime_error &e) {
      co_return e.what();
    }
    co_return "none";
  };
  EXPECT_EQ(concur::run(body()), "bad");
}

TEST(JoinHandle, CancelStopsTheTaskAtItsNextSuspensionPoint) {
  auto body = []() -> concur::task<std::string> {
    bool cleaned_up = false;
    auto sleeper = [&]() -> concur::task<void> {
      struct cleanup {
        bool &flag;
        ~cleanup() { flag = true; }
      } c{cleaned_up};
      co_await concur::sleep_for(1h);
    };
    auto h = concur::spawn(sleeper());
    co_await concur::sleep_for(1ms);
    h.cancel();
    try {
      co_await h;
    } catch (const concur::cancelled &) {
      co_return cleaned_up ? "cancelled and cleaned up" : "cancelled without cleanup";
    }
    co_return "not cancelled";
  };
  EXPECT_EQ(concur::run(body()), "cancelled and cleaned up");
}

TEST(JoinHandle, CancelBeforeStartNeverRunsTheTask) {
  auto body = []() -> concur::task<bool> {
    bool ran = false;
    auto t = [&]() -> concur::task<void> {
      ran = true;
      co_return;
    };
    auto h = concur::spawn(t());
    h.cancel();
    EXPECT_THROW(co_await h, concur::cancelled);
    co_return ran;
  };
  EXPECT_FALSE(concur::run(body()));
}

TEST(JoinHandle, CancelledTaskThatCatchesSeesCancelledAgainAtTheNextPoint) {
  auto body = []() -> concur::task<int> {
    int caught = 0;
    auto stubborn = [&]() -> concur::task<void> {
      for (int i = 0; i < 3; ++i) {
        try {
          co_await concur::sleep_for(1h);
        } catch (const concur::cancelled &) {
          ++caught;
        }
      }
    };
    auto h = concur::spawn(stubborn());
    co_await concur::yield_now();
    h.cancel();
    co_await h; // it swallowed every cancellation and returned normally
    co_return caught;
  };
  EXPECT_EQ(concur::run(body()), 3);
}

TEST(JoinHandle, CancellingTheWaiterDoesNotCancelTheJoinedTask) {
  auto body = []() -> concur::task<int> {
    auto inner = concur::spawn(slow_value(5));
    auto waiter = [&]() -> concur::task<void> { co_await inner; };
    auto w = concur::spawn(waiter());
    co_await concur::yield_now();
    w.cancel();
    EXPECT_THROW(co_await w, concur::cancelled);
    co_return co_await inner;
  };
  EXPECT_EQ(concur::run(body()), 5);
}

TEST(JoinHandle, GetBeforeDoneThrows) {
  auto body = []() -> concur::task<void> {
    auto h = concur::spawn(slow_value(1));
    EXPECT_THROW((void)h.get(), std::logic_error);
    co_await h;
  };
  concur::run(body());
}

// Issue 13, point 11: a handle that outlives its loop is emptied, not left dangling, and the
// loop reports it in debug mode.
TEST(JoinHandle, OutlivingItsLoopIsEmptiedAndReported) {
  concur::join_handle<int> outlives;
  std::vector<std::string> reports;
  {
    concur::event_loop::options opts;
    opts.debug = true;
    opts.report = [&](std::string_view m) { reports.emplace_back(m); };
    concur::event_loop loop(opts);
    outlives = loop.spawn(
        []() -> concur::task<int> {
          co_await concur::sleep_for(std::chrono::hours(1));
          co_return 1;
        }(),
        "sleeper");
    loop.run_until_complete([]() -> concur::task<void> { co_await concur::yield_now(); }());
  }
  EXPECT_FALSE(outlives.valid());
  EXPECT_FALSE(outlives.done());
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_NE(reports[0].find("'sleeper' outlives its event loop"), std::string::npos) << reports[0];
  outlives = {}; // dropping it touches nothing freed
}

// Moving a handle keeps the loop's link to it current.
TEST(JoinHandle, MovedHandleOutlivingItsLoopIsEmptied) {
  std::vector<concur::join_handle<void>> handles;
  {
    concur::event_loop loop;
    for (int i = 0; i < 16; ++i) // the vector reallocates: every handle moves
      handles.push_back(loop.spawn(
          []() -> concur::task<void> { co_await concur::sleep_for(std::chrono::hours(1)); }()));
    loop.run_until_complete([]() -> concur::task<void> { co_await concur::yield_now(); }());
  }
  for (auto &h : handles)
    EXPECT_FALSE(h.valid());
}

} // namespace
