// Runs the runtime issue's workloads on concur and on Boost.Asio in one process and prints
// ratios. Every figure is the median of CONCUR_BENCH_RUNS runs (default 5; the two sides take
// turns) with its min and max, and this process's CPU time per operation beside it. Run it
// pinned to one core too (bench/run.sh does both): users' CI runners are small and shared.
//   concur_vs_asio [workload...]   workloads: spawn memory pool to_thread sleep tcp (default all)
#include <concur/concur.hpp>

#include <boost/asio.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <new>
#include <string>
#include <thread>
#include <vector>

namespace asio = boost::asio;
using namespace std::chrono_literals;
using clk = std::chrono::steady_clock;

// ---- allocation counting (global operator new) ----
static std::atomic<long> g_allocs{0};
void *operator new(std::size_t n) {
  g_allocs.fetch_add(1, std::memory_order_relaxed);
  if (void *p = std::malloc(n ? n : 1))
    return p;
  throw std::bad_alloc();
}
void operator delete(void *p) noexcept { std::free(p); }
void operator delete(void *p, std::size_t) noexcept { std::free(p); }

static double seconds_since(clk::time_point t0) {
  return std::chrono::duration<double>(clk::now() - t0).count();
}

static long rss_bytes() {
  std::ifstream f("/proc/self/statm");
  long size = 0, resident = 0;
  f >> size >> resident;
  return resident * sysconf(_SC_PAGESIZE);
}

// ---- measurement ----
static double cpu_seconds() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru); // the server's side only: the echo client is a child process
  return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec +
         (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

// Wall and CPU time since construction.
class stopwatch {
public:
  double wall_s() const { return seconds_since(t0_); }
  double cpu_s() const { return cpu_seconds() - cpu0_; }

private:
  clk::time_point t0_ = clk::now();
  double cpu0_ = cpu_seconds();
};

// One run of one side: the workload's figure and the CPU microseconds per operation.
struct sample {
  double value;
  double cpu_us;
};
static sample timed(const stopwatch &w, double ops, double value) {
  return {value, w.cpu_s() * 1e6 / ops};
}

static int runs() {
  const char *r = std::getenv("CONCUR_BENCH_RUNS");
  return r ? std::max(1, std::atoi(r)) : 5;
}

struct spread {
  double median, min, max;
};
static spread spread_of(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  const double median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  return {median, v.front(), v.back()};
}

// Runs both sides runs() times, taking turns, and prints medians with min and max, CPU per
// operation, and the ratio of the medians.
static void compare(const char *name, const char *unit, bool higher_is_better, const char *goal,
                    const std::function<sample()> &concur_side,
                    const std::function<sample()> &asio_side) {
  std::vector<double> cv, cc, av, ac;
  for (int r = 0; r < runs(); ++r) {
    sample c = concur_side();
    sample a = asio_side();
    cv.push_back(c.value);
    cc.push_back(c.cpu_us);
    av.push_back(a.value);
    ac.push_back(a.cpu_us);
  }
  const spread c = spread_of(cv), a = spread_of(av), ccpu = spread_of(cc), acpu = spread_of(ac);
  const double ratio = higher_is_better ? c.median / a.median : a.median / c.median;
  std::printf("%s (median of %d, [min, max])\n", name, runs());
  std::printf("  concur %10.3f %-6s [%.3f, %.3f]   cpu/op %8.3f us [%.3f, %.3f]\n", c.median, unit,
              c.min, c.max, ccpu.median, ccpu.min, ccpu.max);
  std::printf("  asio   %10.3f %-6s [%.3f, %.3f]   cpu/op %8.3f us [%.3f, %.3f]\n", a.median, unit,
              a.min, a.max, acpu.median, acpu.min, acpu.max);
  std::printf("  concur is %.2fx %s (goal: %s); cpu/op ratio concur/asio %.2f\n", ratio,
              ratio >= 1 ? "better" : "worse", goal, ccpu.median / acpu.median);
  std::fflush(stdout);
}

// ================= 1. spawn and complete 1,000,000 trivial tasks =================
constexpr int spawn_n = 1'000'000;
static long g_done = 0;

concur::task<void> concur_trivial() {
  ++g_done;
  co_return;
}
concur::task<void> concur_spawner(int n) {
  for (int i = 0; i < n; ++i)
    concur::spawn(concur_trivial()).detach();
  co_return;
}
static sample concur_spawn_rate(long *allocs) {
  concur::event_loop loop;
  auto drain = [&] { // the spawned tasks finish on the loop's following iterations
    while (g_done < spawn_n)
      loop.run_until_complete([]() -> concur::task<void> { co_await concur::yield_now(); }());
  };
  g_done = 0;
  loop.run_until_complete(concur_spawner(spawn_n)); // warm-up: fills the frame cache
  drain();
  g_done = 0;
  long a0 = g_allocs.load();
  stopwatch w;
  loop.run_until_complete(concur_spawner(spawn_n));
  drain();
  sample s = timed(w, spawn_n, spawn_n / w.wall_s() / 1e6);
  *allocs = g_allocs.load() - a0;
  return s;
}

asio::awaitable<void> asio_trivial() {
  ++g_done;
  co_return;
}
static sample asio_spawn_rate(long *allocs) {
  asio::io_context io(1);
  for (int i = 0; i < spawn_n; ++i) // warm-up, run to the end
    asio::co_spawn(io, asio_trivial(), asio::detached);
  io.run();
  io.restart();
  g_done = 0;
  long a0 = g_allocs.load();
  stopwatch w;
  for (int i = 0; i < spawn_n; ++i)
    asio::co_spawn(io, asio_trivial(), asio::detached);
  io.run();
  sample s = timed(w, spawn_n, spawn_n / w.wall_s() / 1e6);
  *allocs = g_allocs.load() - a0;
  return s;
}

static void bench_spawn() {
  long ca = 0, aa = 0;
  compare(
      "1 spawn+complete 1M tasks", "M/s", true, ">= 3x", [&] { return concur_spawn_rate(&ca); },
      [&] { return asio_spawn_rate(&aa); });
  std::printf("  allocations per spawn (warm): concur %.3f, asio %.3f\n", double(ca) / spawn_n,
              double(aa) / spawn_n);
}

// ================= 2. memory per task parked on a timer =================
constexpr int park_n = 100'000;

// Peak-free measurement: run in a freshly exec'd copy of this program, so the heap is cold.
static double fresh_process(const char *what) {
  char exe[4096];
  ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (len <= 0)
    return -1;
  exe[len] = '\0';
  std::string cmd = std::string(exe) + " --child " + what;
  FILE *p = popen(cmd.c_str(), "r");
  double v = -1;
  if (p && std::fscanf(p, "%lf", &v) != 1)
    v = -1;
  if (p)
    pclose(p);
  return v;
}

static double concur_park_bytes_here() {
  return ([] {
    long before = rss_bytes();
    double per = 0;
    auto body = [&]() -> concur::task<void> {
      auto sleeper = []() -> concur::task<void> { co_await concur::sleep_for(1h); };
      for (int i = 0; i < park_n; ++i)
        concur::spawn(sleeper()).detach();
      co_await concur::sleep_for(1ms); // every sleeper has started and parked
      per = double(rss_bytes() - before) / park_n;
    };
    concur::run(body());
    return per;
  })();
}

static double asio_park_bytes_here() {
  return ([] {
    long before = rss_bytes();
    double per = 0;
    asio::io_context io(1);
    auto sleeper = []() -> asio::awaitable<void> {
      asio::steady_timer t(co_await asio::this_coro::executor, 1h);
      co_await t.async_wait(asio::use_awaitable);
    };
    for (int i = 0; i < park_n; ++i)
      asio::co_spawn(io, sleeper(), asio::detached);
    asio::steady_timer probe(io, 1ms);
    probe.async_wait([&](auto) {
      per = double(rss_bytes() - before) / park_n;
      io.stop();
    });
    io.run();
    return per;
  })();
}

static void bench_memory() { // a fresh process per run: its CPU time is not ours to count
  const double no_cpu = std::nan("");
  compare(
      "2 bytes per task parked on timer", "B", false, "<= 256 B",
      [&] { return sample{fresh_process("memory-concur"), no_cpu}; },
      [&] { return sample{fresh_process("memory-asio"), no_cpu}; });
}

// ================= 3. 1,000,000 small jobs through a 2-thread pool =================
// Submitted from this thread (the workload), and from 4 threads at once (3b: how the
// injection queue holds up when submitters contend).
constexpr int jobs_n = 1'000'000;

template <class Post> static void submit_from(int submitters, Post post) {
  if (submitters == 1) {
    for (int i = 0; i < jobs_n; ++i)
      post();
    return;
  }
  std::vector<std::thread> threads;
  for (int s = 0; s < submitters; ++s)
    threads.emplace_back([&] {
      for (int i = 0; i < jobs_n / submitters; ++i)
        post();
    });
  for (auto &t : threads)
    t.join();
}

static sample concur_pool_rate(int submitters) {
  std::atomic<long> n{0};
  stopwatch w;
  {
    concur::thread_pool pool(2);
    submit_from(submitters,
                [&] { pool.post([&n] { n.fetch_add(1, std::memory_order_relaxed); }); });
    pool.shutdown(); // finishes the queued jobs
  }
  return timed(w, jobs_n, jobs_n / w.wall_s() / 1e6);
}
static sample asio_pool_rate(int submitters) {
  std::atomic<long> n{0};
  stopwatch w;
  {
    asio::thread_pool pool(2);
    submit_from(submitters,
                [&] { asio::post(pool, [&n] { n.fetch_add(1, std::memory_order_relaxed); }); });
    pool.join();
  }
  return timed(w, jobs_n, jobs_n / w.wall_s() / 1e6);
}
static void bench_pool() {
  compare(
      "3 1M jobs through thread_pool(2)", "M/s", true, ">= 5x", [] { return concur_pool_rate(1); },
      [] { return asio_pool_rate(1); });
  compare(
      "3b same, from 4 submitting threads", "M/s", true, "none", [] { return concur_pool_rate(4); },
      [] { return asio_pool_rate(4); });
}

// ================= 4. to_thread round trip =================
constexpr int trips_n = 20'000;

static sample concur_to_thread_us() {
  auto body = []() -> concur::task<sample> {
    for (int i = 0; i < 1000; ++i) // warm-up: start the blocking pool
      co_await concur::to_thread([] {});
    stopwatch w;
    for (int i = 0; i < trips_n; ++i)
      co_await concur::to_thread([] {});
    co_return timed(w, trips_n, w.wall_s() * 1e6 / trips_n);
  };
  return concur::run(body());
}
static sample asio_post_round_trip_us() {
  asio::io_context io(1);
  asio::thread_pool pool(6); // the size of concur's (and asyncio's) default blocking pool here
  sample s{};
  auto body = [&]() -> asio::awaitable<void> {
    for (int i = 0; i < 1000; ++i) { // warm-up, as concur's
      co_await asio::post(pool.get_executor(), asio::use_awaitable);
      co_await asio::post(io.get_executor(), asio::use_awaitable);
    }
    stopwatch w;
    for (int i = 0; i < trips_n; ++i) {
      co_await asio::post(pool.get_executor(), asio::use_awaitable); // hop to the pool...
      co_await asio::post(io.get_executor(), asio::use_awaitable);   // ...and back
    }
    s = timed(w, trips_n, w.wall_s() * 1e6 / trips_n);
  };
  asio::co_spawn(io, body(), asio::detached);
  io.run();
  pool.join();
  return s;
}
static void bench_to_thread() {
  compare("4 to_thread round trip", "us", false, "<= 0.5x asio time", concur_to_thread_us,
          asio_post_round_trip_us);
}

// ================= 5. 10,000 tasks x 10 sleeps of 1 ms =================
constexpr int sleepers_n = 10'000;

static sample concur_sleep_ms() {
  auto body = []() -> concur::task<sample> {
    stopwatch w;
    std::vector<concur::task<void>> ts;
    for (int i = 0; i < sleepers_n; ++i)
      ts.push_back([]() -> concur::task<void> {
        for (int k = 0; k < 10; ++k)
          co_await concur::sleep_for(1ms);
      }());
    co_await concur::gather(std::move(ts));
    co_return timed(w, sleepers_n * 10.0, w.wall_s() * 1e3);
  };
  return concur::run(body());
}
static sample asio_sleep_ms() {
  asio::io_context io(1);
  stopwatch w;
  for (int i = 0; i < sleepers_n; ++i)
    asio::co_spawn(
        io,
        []() -> asio::awaitable<void> {
          asio::steady_timer t(co_await asio::this_coro::executor);
          for (int k = 0; k < 10; ++k) {
            t.expires_after(1ms);
            co_await t.async_wait(asio::use_awaitable);
          }
        }(),
        asio::detached);
  io.run();
  return timed(w, sleepers_n * 10.0, w.wall_s() * 1e3);
}
static void bench_sleep() {
  compare("5 10k tasks x 10 x sleep 1ms", "ms", false, "<= asio", concur_sleep_ms, asio_sleep_ms);
}

// ================= 6. TCP echo, client in another process =================
static int tcp_conns = 100;
static int tcp_trips = 10'000;
constexpr std::size_t msg_size = 64;

// The client (the same for both servers): tcp_conns connections, each doing tcp_trips
// sequential 64-byte round trips. Returns round trips per second.
static double run_echo_client(std::uint16_t port) {
  auto body = [port]() -> concur::task<double> {
    auto conn_task = [port]() -> concur::task<void> {
      auto s = co_await concur::tcp_stream::connect("127.0.0.1", port);
      char msg[msg_size] = {};
      char buf[msg_size];
      for (int i = 0; i < tcp_trips; ++i) {
        co_await s.write_all(msg, msg_size);
        std::size_t got = 0;
        while (got < msg_size) {
          std::size_t n = co_await s.read_some(buf + got, msg_size - got);
          if (n == 0)
            throw std::runtime_error("server closed");
          got += n;
        }
      }
    };
    std::vector<concur::task<void>> ts;
    for (int c = 0; c < tcp_conns; ++c)
      ts.push_back(conn_task());
    auto t0 = clk::now();
    co_await concur::gather(std::move(ts));
    co_return double(tcp_conns) * tcp_trips / seconds_since(t0);
  };
  return concur::run(body());
}

static double concur_echo() {
  auto body = []() -> concur::task<double> {
    auto listener = concur::tcp_listener::bind("127.0.0.1", 0);
    auto port = listener.local_port();
    int fds[2];
    if (pipe(fds) != 0)
      co_return -1;
    pid_t pid = fork();
    if (pid == 0) {
      close(fds[0]);
      // The child must not reuse the parent's loop: run the client on a fresh thread.
      double v = 0;
      std::thread([&] { v = run_echo_client(port); }).join();
      if (write(fds[1], &v, sizeof v) != sizeof v)
        _exit(1);
      _exit(0);
    }
    close(fds[1]);
    auto serve = [](concur::tcp_stream c) -> concur::task<void> {
      char buf[4096];
      for (;;) {
        std::size_t n = co_await c.read_some(buf, sizeof buf);
        if (n == 0)
          co_return;
        co_await c.write_all(buf, n);
      }
    };
    std::vector<concur::join_handle<void>> hs;
    for (int i = 0; i < tcp_conns; ++i)
      hs.push_back(concur::spawn(serve(co_await listener.accept())));
    for (auto &h : hs)
      co_await h;
    double v = -1;
    if (read(fds[0], &v, sizeof v) != sizeof v)
      v = -1;
    close(fds[0]);
    waitpid(pid, nullptr, 0);
    co_return v;
  };
  return concur::run(body());
}

static double asio_echo() {
  asio::io_context io(1);
  asio::ip::tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), 0});
  auto port = acceptor.local_endpoint().port();
  int fds[2];
  if (pipe(fds) != 0)
    return -1;
  io.notify_fork(asio::io_context::fork_prepare);
  pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    double v = 0;
    std::thread([&] { v = run_echo_client(port); }).join();
    if (write(fds[1], &v, sizeof v) != sizeof v)
      _exit(1);
    _exit(0);
  }
  io.notify_fork(asio::io_context::fork_parent);
  close(fds[1]);
  auto serve = [](asio::ip::tcp::socket s) -> asio::awaitable<void> {
    char buf[4096];
    try {
      for (;;) {
        std::size_t n = co_await s.async_read_some(asio::buffer(buf), asio::use_awaitable);
        co_await asio::async_write(s, asio::buffer(buf, n), asio::use_awaitable);
      }
    } catch (const std::exception &) { // end of stream
    }
  };
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        for (int i = 0; i < tcp_conns; ++i) {
          auto s = co_await acceptor.async_accept(asio::use_awaitable);
          s.set_option(asio::ip::tcp::no_delay(true));
          asio::co_spawn(io, serve(std::move(s)), asio::detached);
        }
      }(),
      asio::detached);
  io.run();
  double v = -1;
  if (read(fds[0], &v, sizeof v) != sizeof v)
    v = -1;
  close(fds[0]);
  waitpid(pid, nullptr, 0);
  return v;
}

static void bench_tcp() {
  const double trips = double(tcp_conns) * tcp_trips;
  auto side = [trips](double (*echo)()) {
    stopwatch w;
    const double rate = echo();
    return timed(w, trips, rate / 1e3);
  };
  char name[80];
  std::snprintf(name, sizeof name, "6 tcp echo %dx%d x 64B (cpu: server only)", tcp_conns,
                tcp_trips);
  compare(
      name, "k rt/s", true, ">= asio", [&] { return side(concur_echo); },
      [&] { return side(asio_echo); });
}

int main(int argc, char **argv) {
  if (argc == 3 && std::string(argv[1]) == "--child") {
    std::string what = argv[2];
    std::printf("%f\n",
                what == "memory-concur" ? concur_park_bytes_here() : asio_park_bytes_here());
    return 0;
  }
  if (const char *t = std::getenv("CONCUR_BENCH_TCP_TRIPS"))
    tcp_trips = std::atoi(t);
  std::vector<std::string> want(argv + 1, argv + argc);
  auto on = [&](const char *w) {
    return want.empty() || std::find(want.begin(), want.end(), w) != want.end();
  };
  std::printf("concur vs Boost.Asio %d.%d.%d (%s)\n", BOOST_VERSION / 100000,
              BOOST_VERSION / 100 % 1000, BOOST_VERSION % 100, __VERSION__);
  if (on("spawn"))
    bench_spawn();
  if (on("memory"))
    bench_memory();
  if (on("pool"))
    bench_pool();
  if (on("to_thread"))
    bench_to_thread();
  if (on("sleep"))
    bench_sleep();
  if (on("tcp"))
    bench_tcp();
}
