#include <atomic>
#include <concur/event_loop.hpp>
#include <concur/pool/to_thread.hpp>
#include <concur/task/cancelled.hpp>
#include <concur/task/run.hpp>
#include <concur/task/spawn.hpp>
#include <concur/time/sleep.hpp>

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <thread>

using namespace std::chrono_literals;

namespace {

// The exact shapes the analyzer's fix-its emit must compile inside a task.
concur::task<int> fixit_shapes() {
  int x = 1;
  co_await concur::sleep_for(std::chrono::milliseconds(1));
  co_await concur::sleep_until(std::chrono::steady_clock::now());
  int r = co_await concur::to_thread([&] { return x + 1; });
  co_await concur::to_thread([&] { x = r; });
  auto p = co_await concur::to_thread([&] { return std::make_unique<int>(x); });
  co_return *p;
}

TEST(ToThread, FixItShapesCompileAndRun) { EXPECT_EQ(concur::run(fixit_shapes()), 2); }

TEST(ToThread, RunsOffTheLoopAndResumesOnIt) {
  auto body = []() -> concur::task<bool> {
    auto loop_thread = std::this_thread::get_id();
    auto worker_thread = co_await concur::to_thread([] { return std::this_thread::get_id(); });
    co_return worker_thread != loop_thread &&std::this_thread::get_id() == loop_thread;
  };
  EXPECT_TRUE(concur::run(body()));
}

TEST(ToThread, PropagatesExceptions) {
  auto body = []() -> concur::task<std::string> {
    try {
      co_await concur::to_thread([]() -> int { throw std::runtime_error("io failed"); });
    } catch (const std::runtime_error &e) {
      co_return e.what();
    }
    co_return "";
  };
  EXPECT_EQ(concur::run(body()), "io failed");
}

TEST(ToThread, LoopKeepsRunningWhileACallBlocks) {
  auto body = []() -> concur::task<int> {
    int ticks = 0;
    auto ticker = [&]() -> concur::task<void> {
      for (int i = 0; i < 5; ++i) {
        co_await concur::sleep_for(1ms);
        ++ticks;
      }
    };
    auto h = concur::spawn(ticker());
    co_await concur::to_thread([&] {
      // Blocks its pool thread, not the loop: wait until the ticker is done.
      std::this_thread::sleep_for(100ms);
    });
    co_await h;
    co_return ticks;
  };
  EXPECT_EQ(concur::run(body()), 5);
}

TEST(ToThread, ReferenceResult) {
  static int target = 3;
  auto body = []() -> concur::task<int *> {
    int &r = co_await concur::to_thread([]() -> int & { return target; });
    co_return &r;
  };
  EXPECT_EQ(concur::run(body()), &target);
}

TEST(ToThread, CancelledTaskDoesNotStartTheCall) {
  auto body = []() -> concur::task<bool> {
    bool called = false;
    auto t = [&]() -> concur::task<void> {
      co_await concur::sleep_for(1h);
      co_await concur::to_thread([&] { called = true; });
    };
    auto h = concur::spawn(t());
    co_await concur::sleep_for(1ms);
    h.cancel();
    EXPECT_THROW(co_await h, concur::cancelled);
    co_return called;
  };
  EXPECT_FALSE(concur::run(body()));
}

TEST(RunIn, UsesTheGivenPool) {
  concur::thread_pool pool(1);
  auto body = [&]() -> concur::task<bool> {
    bool on_pool = co_await concur::run_in(pool, [&] { return pool.on_worker_thread(); });
    co_return on_pool &&concur::event_loop::current() != nullptr;
  };
  EXPECT_TRUE(concur::run(body()));
}

TEST(RunIn, ManyConcurrentOffloads) {
  concur::thread_pool pool(2);
  auto body = [&]() -> concur::task<long> {
    std::vector<concur::join_handle<int>> hs;
    auto one = [&](int v) -> concur::task<int> {
      co_return co_await concur::run_in(pool, [v] { return v; });
    };
    for (int i = 0; i < 1000; ++i)
      hs.push_back(concur::spawn(one(i)));
    long sum = 0;
    for (auto &h : hs)
      sum += co_await h;
    co_return sum;
  };
  EXPECT_EQ(concur::run(body()), 999L * 1000 / 2);
}

TEST(ToThread, LoopDestructionWaitsForRunningCalls) {
  std::atomic<bool> started{false}, finished{false};
  {
    concur::event_loop loop;
    auto t = [&]() -> concur::task<void> {
      co_await concur::to_thread([&] {
        started = true;
        std::this_thread::sleep_for(30ms);
        finished = true;
      });
    };
    loop.spawn(t()).detach();
    // Until the call runs: one still queued at teardown is dropped, not
    // waited for (TeardownDropsCallsThatNeverStarted), and a slow or
    // perturbed worker may take more than a tick to pick it up.
    auto until_started = [&]() -> concur::task<void> {
      while (!started.load())
        co_await concur::sleep_for(1ms);
    };
    loop.run_until_complete(until_started());
  } // the task is still in to_thread here
  EXPECT_TRUE(finished.load());
}

// Issue 13, point 10: loop teardown waits for the call that runs and drops the queued ones.
TEST(ToThread, TeardownDropsCallsThatNeverStarted) {
  std::atomic<int> started{0};
  std::atomic<bool> release{false};
  std::thread releaser;
  {
    concur::event_loop::options opts;
    opts.blocking_threads = 1;
    concur::event_loop loop(opts);
    auto body = [&]() -> concur::task<void> {
      for (int i = 0; i < 20; ++i)
        concur::spawn([](std::atomic<int> &s, std::atomic<bool> &r) -> concur::task<void> {
          co_await concur::to_thread([&] {
            s.fetch_add(1);
            while (!r.load())
              std::this_thread::sleep_for(std::chrono::microseconds(100));
          });
        }(started, release))
            .detach();
      while (started.load() == 0)
        co_await concur::sleep_for(std::chrono::microseconds(100));
    };
    loop.run_until_complete(body());
    // The running call finishes only once the destructor is waiting for it.
    releaser = std::thread([&] {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      release = true;
    });
  } // ~event_loop
  releaser.join();
  EXPECT_EQ(started.load(), 1);
}

} // namespace
