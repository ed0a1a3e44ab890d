// The executors on a host with one usable CPU (taskset -c 0, a one-CPU container or CI
// runner): nothing spins, and hand-overs between the loop and the pools lose no wake-up and
// complete every call exactly once. Each test pins its own thread (and so the threads the
// executors it builds start) to one CPU, and restores the mask after.
#include <concur/detail/spin_budget.hpp>
#include <concur/event_loop.hpp>
#include <concur/pool/thread_pool.hpp>
#include <concur/pool/to_thread.hpp>
#include <concur/task/gather.hpp>
#include <concur/task/run.hpp>
#include <concur/task/spawn.hpp>

#include <gtest/gtest.h>

#include <sched.h>

#include <atomic>
#include <chrono>
#include <future>
#include <thread>
#include <vector>

using namespace std::chrono_literals;

namespace {

// Pins the calling thread to the first CPU it may use, for the guard's life.
class pinned_to_one_cpu {
public:
  pinned_to_one_cpu() {
    ok_ = sched_getaffinity(0, sizeof saved_, &saved_) == 0;
    cpu_set_t one;
    CPU_ZERO(&one);
    for (int c = 0; c < CPU_SETSIZE; ++c)
      if (CPU_ISSET(c, &saved_)) {
        CPU_SET(c, &one);
        break;
      }
    ok_ = ok_ && sched_setaffinity(0, sizeof one, &one) == 0;
  }
  ~pinned_to_one_cpu() {
    if (ok_)
      sched_setaffinity(0, sizeof saved_, &saved_);
  }
  bool ok() const { return ok_; }

private:
  cpu_set_t saved_;
  bool ok_ = false;
};

TEST(SpinBudget, NeverSpinsWithOneCpu) {
  concur::detail::spin_budget b(50us, 1);
  EXPECT_FALSE(b.allowed());
  for (int i = 0; i < 1000; ++i) { // not even the periodic retry
    EXPECT_EQ(b.next().count(), 0);
    b.paid();
  }
}

TEST(SpinBudget, HalvesWhenWastedDoublesWhenPaidAndRetries) {
  concur::detail::spin_budget b(std::chrono::nanoseconds(8000), 2);
  ASSERT_TRUE(b.allowed());
  EXPECT_EQ(b.next().count(), 8000);
  b.wasted();
  EXPECT_EQ(b.next().count(), 4000);
  b.wasted();
  b.wasted();
  EXPECT_EQ(b.next().count(), 1000);
  b.wasted(); // below the shortest useful spin: none
  int retries = 0;
  for (int i = 0; i < 512; ++i)
    if (b.next().count() != 0) {
      EXPECT_EQ(b.next().count(), 0) << "one retry at a time";
      ++retries;
    }
  EXPECT_EQ(retries, 2) << "one idle moment in 256 spins for the longest";
  b.paid();
  EXPECT_EQ(b.next().count(), 2000);
  for (int i = 0; i < 5; ++i)
    b.paid();
  EXPECT_EQ(b.next().count(), 8000) << "never past the longest";
}

TEST(OneCpu, UsableCpusReadsTheAffinityMask) {
  pinned_to_one_cpu pin;
  if (!pin.ok())
    GTEST_SKIP() << "cannot change this thread's affinity here";
  EXPECT_EQ(concur::detail::usable_cpus(), 1u);
}

TEST(OneCpu, ToThreadCompletesEveryCallExactlyOnce) {
  pinned_to_one_cpu pin;
  if (!pin.ok())
    GTEST_SKIP() << "cannot change this thread's affinity here";
  static constexpr int tasks = 8, calls = 500; // static: no capture needed (GCC asks for one)
  std::vector<std::atomic<int>> ran(tasks * calls);
  auto body = [&]() -> concur::task<int> {
    auto one = [&](int t) -> concur::task<int> {
      int sum = 0;
      for (int i = 0; i < calls; ++i)
        sum += co_await concur::to_thread([&ran, t, i] {
          ran[t * calls + i].fetch_add(1, std::memory_order_relaxed);
          return 1;
        });
      co_return sum;
    };
    std::vector<concur::task<int>> ts;
    for (int t = 0; t < tasks; ++t)
      ts.push_back(one(t));
    int total = 0;
    for (int v : co_await concur::gather(std::move(ts)))
      total += v;
    co_return total;
  };
  EXPECT_EQ(concur::run(body()), tasks * calls);
  for (auto &r : ran)
    ASSERT_EQ(r.load(), 1);
}

TEST(OneCpu, PoolRunsEveryJobFromSeveralSubmittersAndSleepsBetweenBursts) {
  pinned_to_one_cpu pin;
  if (!pin.ok())
    GTEST_SKIP() << "cannot change this thread's affinity here";
  concur::thread_pool pool(4);
  std::atomic<int> done{0};
  for (int burst = 0; burst < 20; ++burst) {
    std::vector<std::thread> submitters;
    for (int s = 0; s < 3; ++s)
      submitters.emplace_back([&] {
        for (int i = 0; i < 100; ++i)
          pool.post([&] { done.fetch_add(1, std::memory_order_relaxed); });
      });
    for (auto &t : submitters)
      t.join();
    // The workers park between bursts: a lost wake-up would leave this future unready.
    auto last = pool.submit([] { return 7; });
    ASSERT_EQ(last.wait_for(10s), std::future_status::ready) << "burst " << burst;
    EXPECT_EQ(last.get(), 7);
    std::this_thread::sleep_for(1ms);
  }
  pool.shutdown();
  EXPECT_EQ(done.load(), 20 * 300);
}

TEST(OneCpu, RunInWakesALoopAsleepInEpoll) {
  pinned_to_one_cpu pin;
  if (!pin.ok())
    GTEST_SKIP() << "cannot change this thread's affinity here";
  concur::event_loop loop;
  concur::thread_pool pool(2);
  std::atomic<int> woken{0};
  auto body = [&]() -> concur::task<void> {
    for (int i = 0; i < 200; ++i) {
      // The loop sleeps in epoll each time; only the edge-triggered eventfd wakes it.
      co_await concur::run_in(pool, [] { std::this_thread::sleep_for(50us); });
      woken.fetch_add(1, std::memory_order_relaxed);
    }
  };
  loop.run_until_complete(body());
  EXPECT_EQ(woken.load(), 200);
}

} // namespace
