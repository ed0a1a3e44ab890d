#include <concur/task/cancelled.hpp>
#include <concur/task/gather.hpp>
#include <concur/task/run.hpp>
#include <concur/task/spawn.hpp>
#include <concur/time/sleep.hpp>

#include <gtest/gtest.h>

#include <string>
#include <variant>

using namespace std::chrono_literals;

namespace {

concur::task<int> after(std::chrono::milliseconds d, int v) {
  co_await concur::sleep_for(d);
  co_return v;
}
concur::task<void> fail_after(std::chrono::milliseconds d) {
  co_await concur::sleep_for(d);
  throw std::runtime_error("child failed");
}

TEST(Gather, TupleOfResultsInArgumentOrder) {
  auto body = []() -> concur::task<std::tuple<int, std::string, std::monostate>> {
    auto s = []() -> concur::task<std::string> { co_return "s"; };
    auto v = []() -> concur::task<void> { co_return; };
    co_return co_await concur::gather(after(10ms, 1), s(), v());
  };
  auto [a, b, c] = concur::run(body());
  EXPECT_EQ(a, 1);
  EXPECT_EQ(b, "s");
  (void)c;
}

TEST(Gather, RunsConcurrently) {
  auto body = []() -> concur::task<std::chrono::steady_clock::duration> {
    auto t0 = std::chrono::steady_clock::now();
    std::vector<concur::task<int>> ts;
    for (int i = 0; i < 50; ++i)
      ts.push_back(after(50ms, i));
    auto r = co_await concur::gather(std::move(ts));
    EXPECT_EQ(r.size(), 50u);
    EXPECT_EQ(r[49], 49);
    co_return std::chrono::steady_clock::now() - t0;
  };
  // Fifty 50 ms sleeps in sequence would take 2.5 s; concurrently they take ~50 ms.
  EXPECT_LT(concur::run(body()), 2s);
}

TEST(Gather, VectorOfVoid) {
  auto body = []() -> concur::task<int> {
    int n = 0;
    auto inc = [&]() -> concur::task<void> {
      co_await concur::sleep_for(1ms);
      ++n;
    };
    std::vector<concur::task<void>> ts;
    for (int i = 0; i < 10; ++i)
      ts.push_back(inc());
    co_await concur::gather(std::move(ts));
    co_return n;
  };
  EXPECT_EQ(concur::run(body()), 10);
}

TEST(Gather, EmptyVector) {
  auto body = []() -> concur::task<std::size_t> {
    auto r = co_await concur::gather(std::vector<concur::task<int>>{});
    co_return r.size();
  };
  EXPECT_EQ(concur::run(body()), 0u);
}

TEST(Gather, FirstFailureCancelsTheRestAndPropagates) {
  auto body = []() -> concur::task<std::string> {
    bool slow_cancelled = false;
    auto slow = [&]() -> concur::task<int> {
      try {
        co_await concur::sleep_for(1h);
      } catch (const concur::cancelled &) {
        slow_cancelled = true;
        throw;
      }
      co_return 0;
    };
    try {
      co_await concur::gather(slow(), fail_after(2ms), after(1ms, 3));
    } catch (const std::runtime_error &e) {
      co_return std::string(e.what()) + (slow_cancelled ? " + cancelled" : " + still running");
    }
    co_return "no error";
  };
  EXPECT_EQ(concur::run(body()), "child failed + cancelled");
}

TEST(Gather, CancellingTheGathererCancelsTheChildren) {
  auto body = []() -> concur::task<int> {
    int cancelled_children = 0;
    auto child = [&]() -> concur::task<void> {
      try {
        co_await concur::sleep_for(1h);
      } catch (const concur::cancelled &) {
        ++cancelled_children;
        throw;
      }
    };
    auto g = [&]() -> concur::task<void> { co_await concur::gather(child(), child(), child()); };
    auto h = concur::spawn(g());
    co_await concur::sleep_for(2ms);
    h.cancel();
    EXPECT_THROW(co_await h, concur::cancelled);
    co_return cancelled_children;
  };
  EXPECT_EQ(concur::run(body()), 3);
}

TEST(Gather, OutsideALoopThrows) {
  auto g = concur::gather(after(1ms, 1));
  struct sync_coro {
    struct promise_type {
      sync_coro get_return_object() { return {}; }
      std::suspend_never initial_suspend() noexcept { return {}; }
      std::suspend_never final_suspend() noexcept { return {}; }
      void return_void() {}
      void unhandled_exception() {}
    };
  };
  bool threw = false;
  auto c = [&]() -> sync_coro {
    try {
      co_await std::move(g);
    } catch (const std::logic_error &) {
      threw = true;
    }
  };
  c();
  EXPECT_TRUE(threw);
}

} // namespace
