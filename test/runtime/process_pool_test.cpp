#include <concur/pool/process_codec_json.hpp>
#include <concur/pool/process_pool.hpp>
#include <concur/task/gather.hpp>
#include <concur/task/run.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <future>
#include <map>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace std::chrono_literals;

namespace {

int add(int a, int b) { return a + b; }
pid_t my_pid() { return ::getpid(); }

struct point {
  double x, y;
};
point midpoint(point a, point b) { return {(a.x + b.x) / 2, (a.y + b.y) / 2}; }

std::string shout(const std::string &s, int times) {
  std::string out;
  for (int i = 0; i < times; ++i)
    out += s + "!";
  return out;
}
std::vector<double> scaled(std::vector<double> v, double k) {
  for (auto &x : v)
    x *= k;
  return v;
}

struct order {
  std::string customer;
  std::vector<std::string> items;
  std::map<std::string, int> quantities;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(order, customer, items, quantities)

order add_item(order o, const std::string &item) {
  o.items.push_back(item);
  ++o.quantities[item];
  return o;
}

// The worker's crash must reach the pool as a signal even in sanitizer builds, whose handlers
// would otherwise turn SIGSEGV into an exit status after printing a report.
int segfault(int) {
  std::signal(SIGSEGV, SIG_DFL);
  std::raise(SIGSEGV);
  return 0;
}
int aborts(int) { std::abort(); }
int sleeps_ms(int ms) {
  std::this_thread::sleep_for(std::chrono::milliseconds(ms));
  return ms;
}
int throws_invalid(int v) { throw std::invalid_argument("bad input " + std::to_string(v)); }
void throws_int() { throw 42; }
long long sum_to(long long n) {
  long long s = 0;
  for (long long i = 1; i <= n; ++i)
    s += i;
  return s;
}

bool alive(pid_t pid) { return pid > 0 && ::kill(pid, 0) == 0; }

// kill(-1, ...) would signal every process we may signal: only ever aim at one positive pid.
int kill_worker(pid_t pid) { return pid > 0 ? ::kill(pid, SIGKILL) : -1; }

bool alive_in(const concur::process_pool &pool, pid_t pid) {
  auto pids = pool.worker_pids();
  return std::find(pids.begin(), pids.end(), pid) != pids.end();
}

// The pool replaces a dead worker asynchronously: wait until all its slots are filled again.
std::vector<pid_t> full_worker_pids(const concur::process_pool &pool) {
  for (int i = 0; i < 500; ++i) {
    auto pids = pool.worker_pids();
    if (pids.size() == pool.size())
      return pids;
    std::this_thread::sleep_for(10ms);
  }
  return pool.worker_pids();
}

// No child of this process is left, not even a zombie.
bool no_children() {
  int st;
  return ::waitpid(-1, &st, WNOHANG) == -1 && errno == ECHILD;
}

TEST(ProcessPool, TriviallyCopyableArgumentsAndResults) {
  concur::process_pool pool(2);
  EXPECT_EQ(pool.size(), 2u);
  EXPECT_EQ(pool.submit(add, 2, 3).get(), 5);
  auto m = pool.submit(midpoint, point{0, 0}, point{2, 4}).get();
  EXPECT_DOUBLE_EQ(m.x, 1);
  EXPECT_DOUBLE_EQ(m.y, 2);
  pid_t worker = pool.submit(my_pid).get();
  EXPECT_NE(worker, ::getpid());
}

TEST(ProcessPool, StringsVectorsAndLambdas) {
  concur::process_pool pool(1);
  EXPECT_EQ(pool.submit(shout, "hey", 2).get(), "hey!hey!");
  EXPECT_EQ(pool.submit(scaled, std::vector<double>{1, 2.5}, 2.0).get(),
            (std::vector<double>{2, 5}));
  EXPECT_EQ(pool.submit([](int x) { return x * x; }, 9).get(), 81);
  pool.submit([] {}).get();
}

TEST(ProcessPool, JsonTypes) {
  concur::process_pool pool(1);
  order o{"ada", {"tea"}, {{"tea", 1}}};
  order r = pool.submit(add_item, o, std::string("tea")).get();
  EXPECT_EQ(r.customer, "ada");
  EXPECT_EQ(r.items, (std::vector<std::string>{"tea", "tea"}));
  EXPECT_EQ(r.quantities["tea"], 2);
}

TEST(ProcessPool, ExceptionsComeBackWithTheirMessage) {
  concur::process_pool pool(1);
  try {
    pool.submit(throws_invalid, 7).get();
    FAIL() << "expected remote_error";
  } catch (const concur::remote_error &e) {
    EXPECT_STREQ(e.what(), "bad input 7");
    EXPECT_EQ(e.type_name(), "std::invalid_argument");
  }
  EXPECT_THROW(pool.submit(throws_invalid, 1).get(), std::runtime_error);
  try {
    pool.submit(throws_int).get();
    FAIL();
  } catch (const concur::remote_error &e) {
    EXPECT_EQ(e.type_name(), "unknown");
  }
  EXPECT_EQ(pool.replaced_workers(), 0u); // an exception does not cost the worker
  EXPECT_EQ(pool.submit(add, 1, 1).get(), 2);
}

TEST(ProcessPool, CrashFailsOnlyItsJobAndTheWorkerIsReplaced) {
  concur::process_pool pool(2);
  auto before = pool.worker_pids();
  auto ok = pool.submit(sleeps_ms, 200);
  auto crash = pool.submit(segfault, 0);
  try {
    crash.get();
    FAIL() << "expected worker_crashed";
  } catch (const concur::worker_crashed &e) {
    EXPECT_NE(std::string(e.what()).find("SIGSEGV"), std::string::npos) << e.what();
    EXPECT_EQ(e.signal(), SIGSEGV);
    EXPECT_NE(std::find(before.begin(), before.end(), e.pid()), before.end());
  }
  EXPECT_EQ(ok.get(), 200);
  try {
    pool.submit(aborts, 0).get();
    FAIL() << "expected worker_crashed";
  } catch (const concur::worker_crashed &e) {
    EXPECT_NE(std::string(e.what()).find("SIGABRT"), std::string::npos) << e.what();
  }
  EXPECT_EQ(pool.replaced_workers(), 2u);
  for (int i = 0; i < 4; ++i)
    EXPECT_EQ(pool.submit(add, i, 1).get(), i + 1);
  EXPECT_EQ(full_worker_pids(pool).size(), 2u);
}

TEST(ProcessPool, KillNineOfABusyWorker) {
  concur::process_pool pool(1);
  auto pids = full_worker_pids(pool);
  ASSERT_EQ(pids.size(), 1u);
  pid_t victim = pids[0];
  auto f = pool.submit(sleeps_ms, 10'000);
  std::this_thread::sleep_for(200ms);
  ASSERT_EQ(kill_worker(victim), 0);
  try {
    f.get();
    FAIL() << "expected worker_crashed";
  } catch (const concur::worker_crashed &e) {
    EXPECT_NE(std::string(e.what()).find("SIGKILL"), std::string::npos) << e.what();
    EXPECT_EQ(e.pid(), victim);
  }
  EXPECT_EQ(pool.submit(add, 20, 22).get(), 42);
  EXPECT_NE(full_worker_pids(pool).at(0), victim);
  EXPECT_FALSE(alive(victim));
}

TEST(ProcessPool, KillOfAnIdleWorkerFailsNoJob) {
  concur::process_pool pool(1);
  auto pids = full_worker_pids(pool);
  ASSERT_EQ(pids.size(), 1u);
  pid_t victim = pids[0];
  ASSERT_EQ(kill_worker(victim), 0);
  for (int i = 0; i < 500 && alive_in(pool, victim); ++i)
    std::this_thread::sleep_for(10ms);
  EXPECT_EQ(pool.submit(add, 1, 2).get(), 3);
  EXPECT_NE(full_worker_pids(pool).at(0), victim);
}

TEST(ProcessPool, TimeoutKillsAndReplacesTheWorker) {
  concur::process_pool pool(2);
  auto start = std::chrono::steady_clock::now();
  auto slow = pool.submit_for(200ms, sleeps_ms, 30'000);
  auto fast = pool.submit_for(5s, sleeps_ms, 10);
  EXPECT_EQ(fast.get(), 10);
  EXPECT_THROW(slow.get(), concur::timeout_error);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 10s);
  EXPECT_EQ(pool.replaced_workers(), 1u);
  EXPECT_EQ(pool.submit(add, 2, 2).get(), 4);
}

TEST(ProcessPool, ManyJobs) {
  concur::process_pool pool(2);
  std::vector<std::future<int>> fs;
  for (int i = 0; i < 2000; ++i)
    fs.push_back(pool.submit(add, i, i));
  long long total = 0;
  for (auto &f : fs)
    total += f.get();
  EXPECT_EQ(total, 2LL * 1999 * 2000 / 2);
  EXPECT_EQ(pool.submit(sum_to, 1'000'000LL).get(), 500000500000LL);
}

TEST(ProcessPool, SubmitFromManyThreads) {
  concur::process_pool pool(2);
  std::vector<std::thread> threads;
  std::atomic<int> good{0};
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 100; ++i)
        if (pool.submit(add, t, i).get() == t + i)
          ++good;
    });
  for (auto &th : threads)
    th.join();
  EXPECT_EQ(good.load(), 400);
}

TEST(ProcessPool, ShutdownUnderLoadFinishesQueuedWorkAndLeavesNoZombies) {
  std::vector<std::future<int>> fs;
  std::vector<pid_t> pids;
  {
    concur::process_pool pool(2);
    pids = pool.worker_pids();
    for (int i = 0; i < 200; ++i)
      fs.push_back(pool.submit(sleeps_ms, i % 3));
    fs.push_back(pool.submit(segfault, 0)); // a crash in the middle of the queue
    for (int i = 0; i < 50; ++i)
      fs.push_back(pool.submit(add, i, 0));
  } // the destructor finishes the queue
  for (int i = 0; i < 200; ++i)
    EXPECT_EQ(fs[i].get(), i % 3);
  EXPECT_THROW(fs[200].get(), concur::worker_crashed);
  for (int i = 0; i < 50; ++i)
    EXPECT_EQ(fs[201 + i].get(), i);
  EXPECT_TRUE(no_children());
  for (pid_t p : pids)
    EXPECT_FALSE(alive(p)) << p;
}

TEST(ProcessPool, SubmitAfterShutdownThrows) {
  concur::process_pool pool(1);
  pool.shutdown();
  pool.shutdown();
  EXPECT_THROW(pool.submit(add, 1, 2), std::runtime_error);
  EXPECT_TRUE(no_children());
}

TEST(ProcessPool, NoZombiesAfterCrashesKillsAndTimeouts) {
  {
    concur::process_pool pool(2);
    EXPECT_THROW(pool.submit(segfault, 0).get(), concur::worker_crashed);
    EXPECT_THROW(pool.submit_for(50ms, sleeps_ms, 5'000).get(), concur::timeout_error);
    auto pids = full_worker_pids(pool);
    ASSERT_FALSE(pids.empty());
    EXPECT_EQ(kill_worker(pids.at(0)), 0);
    // A job sent while the victim is dying would fail with it: wait for the replacement.
    for (int i = 0; i < 500 && alive_in(pool, pids.at(0)); ++i)
      std::this_thread::sleep_for(10ms);
    EXPECT_EQ(pool.submit(add, 1, 1).get(), 2);
  }
  EXPECT_TRUE(no_children());
}

concur::task<int> squares_on_the_loop(concur::process_pool &pool, bool &same_thread) {
  auto loop_thread = std::this_thread::get_id();
  int a = co_await pool.run(add, 20, 1);
  same_thread = std::this_thread::get_id() == loop_thread;
  auto [b, c] = co_await concur::gather(
      [](concur::process_pool &p) -> concur::task<int> {
        co_return co_await p.run(add, 1, 2);
      }(pool),
      [](concur::process_pool &p) -> concur::task<int> {
        co_return co_await p.run(sleeps_ms, 20);
      }(pool));
  same_thread = same_thread && std::this_thread::get_id() == loop_thread;
  co_return a + b + c;
}

TEST(ProcessPool, RunFromTheEventLoopResumesOnTheLoopThread) {
  concur::process_pool pool(2);
  bool same_thread = false;
  EXPECT_EQ(concur::run(squares_on_the_loop(pool, same_thread)), 21 + 3 + 20);
  EXPECT_TRUE(same_thread);
}

TEST(ProcessPool, RunPropagatesErrorsAndTimeouts) {
  concur::process_pool pool(1);
  auto body = [](concur::process_pool &p) -> concur::task<std::string> {
    std::string seen;
    try {
      co_await p.run(throws_invalid, 3);
    } catch (const concur::remote_error &e) {
      seen += e.what();
    }
    try {
      co_await p.run_for(100ms, sleeps_ms, 10'000);
    } catch (const concur::timeout_error &) {
      seen += "|timeout";
    }
    try {
      co_await p.run(segfault, 0);
    } catch (const concur::worker_crashed &e) {
      seen += e.signal() == SIGSEGV ? "|SIGSEGV" : "|other";
    }
    co_await p.run([] {});
    co_return seen;
  };
  EXPECT_EQ(concur::run(body(pool)), "bad input 3|timeout|SIGSEGV");
}

TEST(ProcessPool, WorkersAreSeparateProcessesRunningInParallel) {
  concur::process_pool pool(2);
  auto start = std::chrono::steady_clock::now();
  auto a = pool.submit(sleeps_ms, 300);
  auto b = pool.submit(sleeps_ms, 300);
  a.get();
  b.get();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 550ms);
}

// Issue 13, point 6: a job that closes its worker's socket fails at once (its worker is
// killed) and does not stall the pool; the bound is liveness, not speed.
int closes_its_socket(int) {
  for (int fd = 3; fd < 1024; ++fd)
    ::close(fd);
  std::this_thread::sleep_for(60s); // the worker is killed long before
  return 0;
}

TEST(ProcessPool, JobClosingItsSocketDoesNotStallThePool) {
  concur::process_pool pool(2);
  full_worker_pids(pool);
  auto bad = pool.submit(closes_its_socket, 0);
  ASSERT_EQ(bad.wait_for(20s), std::future_status::ready) << "the pool stalled";
  EXPECT_THROW(bad.get(), concur::worker_crashed);
  auto trivial = pool.submit(add, 1, 1);
  ASSERT_EQ(trivial.wait_for(20s), std::future_status::ready) << "the pool stalled";
  EXPECT_EQ(trivial.get(), 2);
}

// Point 6: a worker that crashes while a process it forked keeps its socket open is reported
// when it dies, not when the helper exits.
int crashes_leaving_a_helper(int) {
  if (::fork() == 0) { // the helper inherits the worker's socket
    // ...but not the test's output: ctest waits for every holder of its pipe to close it.
    int null = ::open("/dev/null", O_RDWR);
    for (int fd = 0; fd < 3; ++fd)
      ::dup2(null, fd);
    std::this_thread::sleep_for(30s);
    ::_exit(0);
  }
  std::signal(SIGABRT, SIG_DFL);
  std::abort();
}

TEST(ProcessPool, CrashIsReportedWhileAHelperHoldsTheSocket) {
  concur::process_pool pool(1);
  auto f = pool.submit(crashes_leaving_a_helper, 0);
  ASSERT_EQ(f.wait_for(20s), std::future_status::ready) << "the crash report waited for the helper";
  try {
    f.get();
    FAIL() << "expected worker_crashed";
  } catch (const concur::worker_crashed &e) {
    EXPECT_EQ(e.signal(), SIGABRT) << e.what();
  }
  EXPECT_EQ(pool.submit(add, 2, 3).get(), 5);
}

// Point 9: with the fork server gone, a killed worker is not reported as a clean exit, and
// the live workers still take jobs.
TEST(ProcessPool, ForkServerDeathIsReportedHonestly) {
  concur::process_pool pool(2);
  auto pids = full_worker_pids(pool);
  ASSERT_EQ(pids.size(), 2u);
  ASSERT_GT(pool.fork_server_pid(), 0);
  ASSERT_EQ(::kill(pool.fork_server_pid(), SIGKILL), 0);
  // The first idle worker in order takes the job: kill that one, the other stays.
  auto f = pool.submit(sleeps_ms, 10'000);
  std::this_thread::sleep_for(200ms);
  ASSERT_EQ(kill_worker(pids[0]), 0);
  ASSERT_EQ(f.wait_for(10s), std::future_status::ready);
  try {
    f.get();
    FAIL() << "expected worker_crashed";
  } catch (const concur::worker_crashed &e) {
    EXPECT_EQ(std::string(e.what()).find("exited with status 0"), std::string::npos) << e.what();
    EXPECT_FALSE(e.status_known());
    EXPECT_EQ(e.exit_code(), -1);
  }
  EXPECT_EQ(pool.submit(add, 20, 22).get(), 42); // the other worker still works
}

bool gone(pid_t pid) {
  // Not our child: once it ends it may stay a zombie until its new parent reaps it.
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line))
    return true;
  auto close = line.rfind(')');
  return close != std::string::npos && close + 2 < line.size() && line[close + 2] == 'Z';
}

// Point 9: when the parent is killed, the fork server and a busy worker exit.
TEST(ProcessPool, WorkersAndForkServerExitWhenTheParentIsKilled) {
  int pipefd[2];
  ASSERT_EQ(::pipe(pipefd), 0);
  pid_t parent = ::fork();
  ASSERT_GE(parent, 0);
  if (parent == 0) {
    ::close(pipefd[0]);
    concur::process_pool pool(1);
    auto f = pool.submit(sleeps_ms, 60'000);
    auto pids = full_worker_pids(pool);
    std::this_thread::sleep_for(100ms); // the worker is busy
    pid_t report[2] = {pool.fork_server_pid(), pids.empty() ? -1 : pids[0]};
    [[maybe_unused]] auto w = ::write(pipefd[1], report, sizeof report);
    ::kill(::getpid(), SIGKILL);
  }
  ::close(pipefd[1]);
  pid_t report[2] = {-1, -1};
  ASSERT_EQ(::read(pipefd[0], report, sizeof report), static_cast<ssize_t>(sizeof report));
  ::close(pipefd[0]);
  int st;
  ::waitpid(parent, &st, 0);
  ASSERT_GT(report[0], 0);
  ASSERT_GT(report[1], 0);
  bool ended = false;
  for (int i = 0; i < 2000 && !ended; ++i) {
    ended = gone(report[0]) && gone(report[1]);
    if (!ended)
      std::this_thread::sleep_for(10ms);
  }
  EXPECT_TRUE(ended) << "fork server " << report[0] << " or worker " << report[1]
                     << " outlived the killed parent";
}

} // namespace
