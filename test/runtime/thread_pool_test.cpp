#include <concur/pool/thread_pool.hpp>
#include <concur/task/run.hpp>

#include <gtest/gtest.h>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <future>
#include <numeric>
#include <set>
#include <stdexcept>
#include <string>
#include <system_error>
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

TEST(ThreadPool, ManyOutsideThreadsSubmitAtOnce) {
  std::atomic<long> n{0};
  {
    concur::thread_pool pool(2);
    std::vector<std::thread> producers;
    for (int p = 0; p < 4; ++p)
      producers.emplace_back([&] {
        for (int i = 0; i < 25000; ++i)
          pool.post([&] { n.fetch_add(1, std::memory_order_relaxed); });
      });
    for (auto &t : producers)
      t.join();
  }
  EXPECT_EQ(n.load(), 100000);
}

TEST(ThreadPool, SleepingWorkersWakeForEveryNewJob) {
  // A job submitted while the workers are on their way to sleep must not be lost between
  // "no work here" and "asleep": each round waits for its job (a lost wake-up would time out).
  concur::thread_pool pool(2);
  for (int round = 0; round < 300; ++round) {
    if (round % 3 == 1)
      std::this_thread::sleep_for(std::chrono::microseconds(round % 7 * 50));
    else if (round % 3 == 2)
      std::this_thread::sleep_for(std::chrono::milliseconds(1)); // long enough to sleep
    auto f = pool.submit([round] { return round; });
    ASSERT_EQ(f.wait_for(std::chrono::seconds(10)), std::future_status::ready) << round;
    EXPECT_EQ(f.get(), round);
  }
}

// Starts `n` jobs that each wait (up to 10 s) until all `n` are running at once, which they can
// only do if no queued job is left waiting while a worker sleeps. Returns how many saw all.
int jobs_that_met(concur::thread_pool &pool, int n, bool from_a_worker) {
  std::atomic<int> arrived{0}, met{0};
  auto job = [&] {
    arrived.fetch_add(1);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (arrived.load() < n && std::chrono::steady_clock::now() < deadline)
      std::this_thread::yield();
    if (arrived.load() >= n)
      met.fetch_add(1);
  };
  std::vector<std::future<void>> fs;
  if (from_a_worker) {
    fs.push_back(pool.submit([&] {
      for (int i = 1; i < n; ++i)
        pool.post(job);
      job();
    }));
  } else {
    for (int i = 0; i < n; ++i)
      fs.push_back(pool.submit(job));
  }
  for (auto &f : fs)
    f.get();
  pool.shutdown(); // the posted jobs of the worker case
  return met.load();
}

TEST(ThreadPool, QueuedJobsAreNotHiddenBehindALongOne) {
  for (int n : {2, 3, 8, 40}) { // 40 workers take the injection queue one job at a time
    concur::thread_pool outside(n);
    EXPECT_EQ(jobs_that_met(outside, n, false), n) << n << " workers, jobs from outside";
    concur::thread_pool inside(n);
    EXPECT_EQ(jobs_that_met(inside, n, true), n) << n << " workers, jobs from a worker";
  }
}

TEST(ThreadPool, ShutdownFromSeveralThreadsAtOnce) {
  std::atomic<int> ran{0};
  concur::thread_pool pool(2);
  for (int i = 0; i < 1000; ++i)
    pool.post([&] { ran.fetch_add(1); });
  std::vector<std::thread> closers;
  for (int i = 0; i < 3; ++i)
    closers.emplace_back([&] {
      pool.shutdown();
      EXPECT_EQ(ran.load(), 1000); // each caller returns after the queued work is done
    });
  for (auto &t : closers)
    t.join();
}

TEST(ThreadPool, RefusedThreadIsAnErrorNotACrash) {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  GTEST_SKIP() << "sanitizers need unlimited address space, and this test limits it";
#else
  // In a child process whose address space is capped just above what it uses, so that the
  // thread stacks run out after a few: the constructor must join the started workers and
  // throw std::system_error (a joinable std::thread left behind would terminate instead).
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    std::ifstream status("/proc/self/status");
    std::string line;
    unsigned long kb = 0;
    while (std::getline(status, line))
      if (line.rfind("VmSize:", 0) == 0)
        kb = std::stoul(line.substr(7));
    rlimit lim{};
    lim.rlim_cur = lim.rlim_max = (kb + 64 * 1024) * 1024;
    if (kb == 0 || ::setrlimit(RLIMIT_AS, &lim) != 0)
      ::_exit(4);
    try {
      concur::thread_pool pool(200); // 200 stacks of 8 MB do not fit in 64 MB
      ::_exit(2);
    } catch (const std::system_error &) {
      ::_exit(0);
    } catch (...) {
      ::_exit(3);
    }
  }
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status)) << "the child died of signal " << WTERMSIG(status);
  EXPECT_EQ(WEXITSTATUS(status), 0);
#endif
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

TEST(ThreadPool, ParallelForTakesIntegerBounds) {
  concur::thread_pool pool(2);
  std::vector<std::atomic<int>> hits(1000);
  pool.parallel_for(0, 1000, [&](int i) { hits[i].fetch_add(1); });
  for (auto &h : hits)
    ASSERT_EQ(h.load(), 1);
  std::atomic<std::size_t> sum{0};
  pool.parallel_for(std::size_t{10}, std::size_t{20}, [&](std::size_t i) { sum += i; });
  EXPECT_EQ(sum.load(), 145u);
  pool.parallel_for(5, 5, [&](int) { FAIL(); });
  pool.parallel_for(5, 2, [&](int) { FAIL(); }); // reversed: empty
}

TEST(ThreadPoolDeathTest, DestroyedFromItsOwnJobIsDiagnosed) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(
      {
        auto *pool = new concur::thread_pool(1);
        pool->post([pool] { delete pool; });
        std::this_thread::sleep_for(std::chrono::seconds(5));
      },
      "thread_pool destroyed from one of its own jobs");
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
