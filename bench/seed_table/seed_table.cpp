// seed_table: one configuration of the seeds' table per process, so that memory peaks never mix.
//   seed_table io  <threads|pool16|loop> <N> <port>   N tasks x 10 HTTP/1.1 GETs, 1 ms think time
//   seed_table cpu <loop|threadpool|processpool> <N> <steps>  one kernel split into N parts
// Prints one JSON line: {"kind", "model", "n", "ok", "wall_s", "requests", "rss_kb", "vm_kb", ...}.
// run.sh drives it (and bench/seed_table/seed_table.py for Python's rows).

#include <concur/net/tcp_stream.hpp>
#include <concur/pool/process_pool.hpp>
#include <concur/pool/thread_pool.hpp>
#include <concur/task/gather.hpp>
#include <concur/task/run.hpp>
#include <concur/time/sleep.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

using namespace std::chrono_literals;

namespace {

constexpr int requests_per_task = 10;
constexpr auto think_time = 1ms;

long status_kb(const char *key) {
  std::ifstream f("/proc/self/status");
  std::string line;
  const std::size_t n = std::strlen(key);
  while (std::getline(f, line))
    if (line.compare(0, n, key) == 0)
      return std::strtol(line.c_str() + n + 1, nullptr, 10);
  return -1;
}

std::string request_text(int port) {
  return "GET /payload.txt HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) + "\r\n\r\n";
}

// Parses as much of one HTTP/1.1 response as `buf` holds: the total length once the headers are
// in, else 0.
std::size_t response_length(const std::string &buf) {
  auto end = buf.find("\r\n\r\n");
  if (end == std::string::npos)
    return 0;
  auto cl = buf.find("Content-Length: ");
  if (cl == std::string::npos || cl > end)
    cl = buf.find("content-length: ");
  if (cl == std::string::npos || cl > end)
    throw std::runtime_error("response without Content-Length");
  return end + 4 + std::strtoul(buf.c_str() + cl + 16, nullptr, 10);
}

// ---- blocking sockets ----
int blocking_connect(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr *>(&a), sizeof a) < 0) {
    int e = errno;
    ::close(fd);
    throw std::runtime_error(std::string("connect: ") + std::strerror(e));
  }
  return fd;
}

void blocking_client(int port, std::atomic<long> &done) {
  int fd = blocking_connect(port);
  const std::string req = request_text(port);
  std::string buf;
  char chunk[4096];
  for (int i = 0; i < requests_per_task; ++i) {
    if (::send(fd, req.data(), req.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(req.size()))
      throw std::runtime_error("send failed");
    buf.clear();
    std::size_t want = 0;
    while (want == 0 || buf.size() < want) {
      ssize_t r = ::recv(fd, chunk, sizeof chunk, 0);
      if (r <= 0)
        throw std::runtime_error("connection closed");
      buf.append(chunk, static_cast<std::size_t>(r));
      if (want == 0)
        want = response_length(buf);
    }
    done.fetch_add(1, std::memory_order_relaxed);
    std::this_thread::sleep_for(think_time);
  }
  ::close(fd);
}

// ---- concur's sockets on the event loop ----
concur::task<void> loop_client(int port, std::atomic<long> &done) {
  auto s = co_await concur::tcp_stream::connect("127.0.0.1", static_cast<std::uint16_t>(port));
  const std::string req = request_text(port);
  std::string buf;
  char chunk[4096];
  for (int i = 0; i < requests_per_task; ++i) {
    co_await s.write_all(req);
    buf.clear();
    std::size_t want = 0;
    while (want == 0 || buf.size() < want) {
      std::size_t r = co_await s.read_some(chunk, sizeof chunk);
      if (r == 0)
        throw std::runtime_error("connection closed");
      buf.append(chunk, r);
      if (want == 0)
        want = response_length(buf);
    }
    done.fetch_add(1, std::memory_order_relaxed);
    co_await concur::sleep_for(think_time);
  }
}

concur::task<void> loop_main(int n, int port, std::atomic<long> &done) {
  std::vector<concur::task<void>> tasks;
  tasks.reserve(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i)
    tasks.push_back(loop_client(port, done));
  co_await concur::gather(std::move(tasks));
}

// ---- the CPU kernel: `steps` rounds of a 64-bit mixer (murmur3's finaliser), split into parts.
// Each round depends on the last and has no closed form, so no compiler can shortcut it.
std::uint64_t kernel(std::uint64_t seed, std::int64_t steps) {
  std::uint64_t x = seed + 1;
  for (std::int64_t i = 0; i < steps; ++i) {
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 29;
  }
  return x;
}
std::uint64_t kernel_part(int part, std::int64_t steps) {
  return kernel(static_cast<std::uint64_t>(part), steps);
}
// Forces the kernel to run: the compiler may not fold a loop whose trip count is a runtime value
// it cannot see through, but keep the result observable anyway.
volatile std::uint64_t sink;

concur::task<std::uint64_t> loop_cpu_part(int part, std::int64_t steps) {
  co_return kernel_part(part, steps);
}
concur::task<std::uint64_t> loop_cpu(int n, std::int64_t per) {
  std::vector<concur::task<std::uint64_t>> tasks;
  for (int i = 0; i < n; ++i)
    tasks.push_back(loop_cpu_part(i, per));
  auto rs = co_await concur::gather(std::move(tasks));
  std::uint64_t acc = 0;
  for (auto r : rs)
    acc ^= r;
  co_return acc;
}

void print_row(const char *kind, const std::string &model, int n, bool ok, double wall,
               long requests, const std::string &error, long children_rss_kb = -1) {
  std::printf("{\"lang\": \"C++\", \"kind\": \"%s\", \"model\": \"%s\", \"n\": %d, \"ok\": %s, "
              "\"wall_s\": %.4f, \"requests\": %ld, \"rss_kb\": %ld, \"vm_kb\": %ld, "
              "\"children_rss_kb\": %ld, \"error\": \"%s\"}\n",
              kind, model.c_str(), n, ok ? "true" : "false", wall, requests, status_kb("VmHWM"),
              status_kb("VmPeak"), children_rss_kb, error.c_str());
  std::fflush(stdout);
}

} // namespace

int main(int argc, char **argv) {
  if (argc < 5) {
    std::fprintf(stderr, "usage: seed_table io <threads|pool16|loop> <N> <port>\n"
                         "       seed_table cpu <loop|threadpool|processpool> <N> <total steps>\n");
    return 2;
  }
  const std::string kind = argv[1], model = argv[2];
  const int n = std::atoi(argv[3]);
  // The process pool forks its fork server first, while this process has one thread.
  std::unique_ptr<concur::process_pool> ppool;
  if (kind == "cpu" && model == "processpool")
    ppool = std::make_unique<concur::process_pool>();
  auto start = std::chrono::steady_clock::now();
  auto seconds = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  std::string error;
  bool ok = true;
  if (kind == "io") {
    const int port = std::atoi(argv[4]);
    std::atomic<long> done{0};
    try {
      if (model == "threads") {
        std::vector<std::thread> threads;
        threads.reserve(static_cast<std::size_t>(n));
        std::atomic<int> failures{0};
        try {
          for (int i = 0; i < n; ++i)
            threads.emplace_back([&] {
              try {
                blocking_client(port, done);
              } catch (...) {
                failures.fetch_add(1);
              }
            });
        } catch (const std::exception &e) {
          error = std::string("thread ") + std::to_string(threads.size()) + ": " + e.what();
          ok = false;
        }
        for (auto &t : threads)
          t.join();
        if (failures)
          ok = false, error += " " + std::to_string(failures.load()) + " clients failed";
      } else if (model == "pool16") {
        concur::thread_pool pool(16);
        std::vector<std::future<void>> fs;
        fs.reserve(static_cast<std::size_t>(n));
        for (int i = 0; i < n; ++i)
          fs.push_back(pool.submit([&] { blocking_client(port, done); }));
        for (auto &f : fs)
          f.get();
      } else if (model == "loop") {
        concur::run(loop_main(n, port, done));
      } else {
        std::fprintf(stderr, "unknown io model %s\n", model.c_str());
        return 2;
      }
    } catch (const std::exception &e) {
      ok = false;
      error = e.what();
    }
    print_row("io", model, n, ok && done == static_cast<long>(n) * requests_per_task, seconds(),
              done.load(), error);
    return 0;
  }
  if (kind == "cpu") {
    const std::int64_t total = std::atoll(argv[4]);
    const std::int64_t per = total / n;
    std::uint64_t acc = 0;
    if (model == "loop") {
      acc = concur::run(loop_cpu(n, per));
    } else if (model == "threadpool") {
      concur::thread_pool pool;
      std::vector<std::future<std::uint64_t>> fs;
      for (int i = 0; i < n; ++i)
        fs.push_back(pool.submit([i, per] { return kernel_part(i, per); }));
      for (auto &f : fs)
        acc ^= f.get();
    } else if (model == "processpool") {
      std::vector<std::future<std::uint64_t>> fs;
      for (int i = 0; i < n; ++i)
        fs.push_back(ppool->submit(kernel_part, i, per));
      for (auto &f : fs)
        acc ^= f.get();
      ppool.reset(); // reap the workers before reading the children's peak
    } else {
      std::fprintf(stderr, "unknown cpu model %s\n", model.c_str());
      return 2;
    }
    sink = acc;
    double wall = seconds();
    rusage ru{};
    ::getrusage(RUSAGE_CHILDREN, &ru);
    print_row("cpu", model, n, true, wall, 0, "", model == "processpool" ? ru.ru_maxrss : -1);
    return 0;
  }
  return 2;
}
