#include <concur/run.hpp>
#include <concur/thread_pool.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <numeric>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

namespace {

TEST(ThreadPool, SubmitReturnsAFuture) {
  concur::thread_pool pool(2);
  auto f = pool.submit([] { return 6 * 7; });
  EXPECT_EQ(f.get(), 42);
  auto v = pool.submit([] {});
  v.get();
  EXPECT_EQ(pool.size(), 2u);
}

TEST(ThreadPool, SubmitCarriesExceptions) {
  concur::thread_pool pool(1);
  auto f = pool.submit([]() -> int { throw std::runtime_error("x"); });
  EXPECT_THROW(f.get(), std::runtime_error);
}

TEST(ThreadPool, RunsEveryPostedJob) {
  std::atomic<int> n{0};
  {
    concur::thread_pool pool(2);
    for (int i = 0; i < 10000; ++i)
      pool.post([&] { n.fetch_add(1, std::memory_order_relaxed); });
  } // the destructor finishes queued work
  EXPECT_EQ(n.load(), 10000);
}

TEST(ThreadPool, JobsPostedFromWorkersRun) {
  std::atomic<int> n{0};
  concur::thread_pool pool(2);
  std::atomic<int> outstanding{100};
  for (int i = 0; i < 100; ++i)
    pool.post([&] {
      for (int j = 0; j < 10; ++j)
        pool.post([&] { n.fetch_add(1); });
      outstanding.fetch_sub(1);
    });
  pool.shutdown();
  EXPECT_EQ(n.load(), 1000);
  EXPECT_EQ(outstanding.load(), 0);
}

TEST(ThreadPool, UsesSeveralThreads) {
  concur::thread_pool pool(2);
  std::mutex mx;
  std::set<std::thread::id> ids;
  std::atomic<int> arrived{0};
  std::vector<std::future<void>> fs;
  for (int i = 0; i < 2; ++i)
    fs.push_back(pool.submit([&] {
      arrived.fetch_add(1);
      while (arrived.load() < 2) // both must be running at once
        std::this_thread::yield();
      std::lock_guard lk(mx);
      ids.insert(std::this_thread::get_id());
    }));
  for (auto &f : fs)
    f.get();
  EXPECT_EQ(ids.size(), 2u);
}

TEST(ThreadPool, WorkIsStolenFromABusyWorker) {
  // One job floods its own worker's queue while blocking that worker; the other worker must
  // steal the queued jobs for them to finish.
  concur::thread_pool pool(2);
  std::atomic<int> done{0};
  std::atomic<bool> release{false};
  auto f = pool.submit([&] {
    for (int i = 0; i < 100; ++i)
      pool.post([&] { done.fetch_add(1); });
    while (done.load() < 100 && !release.load())
      std::this_thread::yield();
  });
  f.get();
  EXPECT_EQ(done.load(), 100);
}

TEST(ThreadPool, ShutdownUnderLoadFinishesEverything) {
  std::atomic<long> n{0};
  concur::thread_pool pool(2);
  std::thread producer([&] {
    for (int i = 0; i < 100000; ++i)
      pool.post([&] { n.fetch_add(1, std::memory_order_relaxed); });
  });
  producer.join();
  pool.shutdown();
  EXPECT_EQ(n.load(), 100000);
  EXPECT_THROW(pool.post([] {}), std::runtime_error);
  pool.shutdown(); // idempotent
}

TEST(ThreadPool, ParallelForVisitsEveryIndexOnce) {
  concur::thread_pool pool(2);
  std::vector<std::atomic<int>> hits(10007);
  std::vector<int> idx(hits.size());
  std::iota(idx.begin(), idx.end(), 0);
  pool.parallel_for(idx.begin(), idx.end(), [&](int i) { hits[i].fetch_add(1); });
  for (auto &h : hits)
    ASSERT_EQ(h.load(), 1);
  pool.parallel_for(idx.begin(), idx.begin(), [&](int) { FAIL(); }); // empty range
}

TEST(ThreadPool, ParallelForRethrowsAndIsSafeFromAWorker) {
  concur::thread_pool pool(2);
  std::vector<int> v(1000, 1);
  EXPECT_THROW(
      pool.parallel_for(v.begin(), v.end(), [](int) { throw std::runtime_error("in loop"); }),
      std::runtime_error);
  auto f = pool.submit([&] {
    std::atomic<int> sum{0};
    pool.parallel_for(v.begin(), v.end(), [&](int x) { sum.fetch_add(x); });
    return sum.load();
  });
  EXPECT_EQ(f.get(), 1000);
}

TEST(ThreadPool, ScheduleMovesACoroutineOntoTheWorkers) {
  concur::thread_pool pool(2);
  auto body = [&]() -> concur::task<bool> {
    bool before = pool.on_worker_thread();
    co_await pool.schedule();
    co_return !before && pool.on_worker_thread();
  };
  EXPECT_TRUE(concur::run(body()));
}

TEST(ThreadPool, ScheduleAfterShutdownThrows) {
  concur::thread_pool pool(1);
  pool.shutdown();
  auto body = [&]() -> concur::task<void> { co_await pool.schedule(); };
  EXPECT_THROW(concur::run(body()), std::runtime_error);
}

} // namespace
