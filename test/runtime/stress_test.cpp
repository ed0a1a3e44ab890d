// Stress: many tasks, many timers, cancellation storms, pool shutdown under load.
// Correctness only; speed lives in bench/.
#include <concur/concur.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

using namespace std::chrono_literals;

namespace {

#if defined(__SANITIZE_THREAD__) || defined(__SANITIZE_ADDRESS__)
constexpr int scale = 10; // sanitizers are 5-20x slower: same paths, fewer rounds
#else
constexpr int scale = 1;
#endif

TEST(Stress, AMillionTasksSpawnedAndCompleted) {
  const int n = 1'000'000 / scale;
  long done = 0;
  auto body = [&]() -> concur::task<void> {
    auto trivial = [&]() -> concur::task<void> {
      ++done;
      co_return;
    };
    for (int i = 0; i < n; ++i)
      concur::spawn(trivial()).detach();
    while (done < n)
      co_await concur::yield_now();
  };
  concur::run(body());
  EXPECT_EQ(done, n);
}

TEST(Stress, HundredThousandParkedOnTimers) {
  const int n = 100'000 / scale;
  int woke = 0;
  auto body = [&]() -> concur::task<void> {
    std::vector<concur::task<void>> ts;
    ts.reserve(n);
    for (int i = 0; i < n; ++i)
      ts.push_back([](int &w, int i) -> concur::task<void> {
        co_await concur::sleep_for(std::chrono::microseconds(1000 + i % 1000));
        ++w;
      }(woke, i));
    co_await concur::gather(std::move(ts));
  };
  concur::run(body());
  EXPECT_EQ(woke, n);
}

TEST(Stress, CancellationStorm) {
  const int n = 20'000 / scale;
  int cancelled = 0, finished = 0;
  auto body = [&]() -> concur::task<void> {
    concur::async_mutex m;
    concur::channel<int> ch(4);
    std::vector<concur::join_handle<void>> hs;
    // The lambda outlives every task it makes: a coroutine lambda's captures live in the
    // closure, not in the coroutine frame.
    auto t = [&](int i) -> concur::task<void> {
      try {
        switch (i % 4) {
        case 0:
          co_await concur::sleep_for(1h);
          break;
        case 1: {
          auto g = co_await m.lock();
          co_await concur::sleep_for(1h);
          break;
        }
        case 2:
          (void)co_await ch.receive();
          break;
        default:
          co_await concur::timeout(
              1h, concur::gather([&]() -> concur::task<void> { co_await concur::sleep_for(1h); }(),
                                 [&]() -> concur::task<void> { co_await concur::yield_now(); }()));
        }
        ++finished;
      } catch (const concur::cancelled &) {
        ++cancelled;
        throw;
      }
    };
    for (int i = 0; i < n; ++i)
      hs.push_back(concur::spawn(t(i)));
    co_await concur::sleep_for(5ms);
    for (auto &h : hs)
      h.cancel();
    for (auto &h : hs) {
      try {
        co_await h;
      } catch (const concur::cancelled &) {
      }
    }
    EXPECT_FALSE(m.is_locked());
  };
  concur::run(body());
  EXPECT_EQ(cancelled + finished, n);
  EXPECT_EQ(finished, 0);
}

TEST(Stress, ThreadPoolShutdownUnderLoad) {
  // Outside threads submit while the pool shuts down, and every job also posts one from its
  // worker: each job that was accepted runs, and none after the pool is gone.
  for (int round = 0; round < 20 / scale + 1; ++round) {
    std::atomic<long> accepted{0}, ran{0};
    concur::thread_pool pool(2);
    auto job = [&] {
      ran.fetch_add(1, std::memory_order_relaxed);
      accepted.fetch_add(1, std::memory_order_relaxed); // from a worker: always accepted
      pool.post([&] { ran.fetch_add(1, std::memory_order_relaxed); });
    };
    std::vector<std::thread> producers;
    for (int p = 0; p < 2; ++p)
      producers.emplace_back([&] {
        for (int i = 0; i < 20'000; ++i) {
          try {
            pool.post(job);
          } catch (const std::runtime_error &) {
            return; // shut down under our feet: expected
          }
          accepted.fetch_add(1, std::memory_order_relaxed);
        }
      });
    while (accepted.load() < 1000) // shut down while the submitters are busy, not before
      std::this_thread::yield();
    pool.shutdown();
    for (auto &t : producers)
      t.join();
    EXPECT_EQ(ran.load(), accepted.load()) << "round " << round;
  }
}

TEST(Stress, LoopDestroyedWithEverythingPending) {
  for (int round = 0; round < 20; ++round) {
    concur::channel<int> ch(1); // outlives the loop: its parked senders die with the loop
    concur::event_loop loop;
    concur::thread_pool pool(1);
    auto body = [&]() -> concur::task<void> {
      for (int i = 0; i < 100; ++i) {
        concur::spawn([](concur::channel<int> &c) -> concur::task<void> {
          co_await c.send(1);
          co_await c.send(2);
        }(ch))
            .detach();
        concur::spawn([](concur::thread_pool &p) -> concur::task<void> {
          co_await concur::run_in(p, [] { std::this_thread::sleep_for(100us); });
          co_await concur::sleep_for(1h);
        }(pool))
            .detach();
      }
      co_await concur::sleep_for(1ms);
    };
    loop.run_until_complete(body());
  }
  SUCCEED();
}

} // namespace
