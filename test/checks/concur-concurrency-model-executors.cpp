// RUN: %check_concur %s concur-concurrency-model %t -- -pthread
// RUN: %check_concur %s concur-concurrency-model %t.noasio --check-suffix=NOASIO \
// RUN:   --config="{CheckOptions: {Profiles: 'concur'}}" -- -pthread

// An executor's own worker threads are how it runs the user's jobs, not a
// fan-out of the user's work: a framework's pool (its namespace is in the
// framework profiles) and a pool written by hand (a constructor that starts
// the class's own worker loop) get no advice; nor do threads that each run
// an event loop (they already use that model). The user's loops do.

#include <condition_variable>
#include <functional>
#include <mutex>
#include <queue>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace coro {
// Like libcoro's thread_pool: workers wait for jobs on a condition variable.
class thread_pool {
public:
  explicit thread_pool(unsigned n) {
    for (unsigned i = 0; i < n; ++i)
      threads_.emplace_back([this] { run(); });
  }

private:
  void run() {
    std::unique_lock<std::mutex> lk(m_);
    cv_.wait(lk, [this] { return !jobs_.empty(); });
  }
  std::mutex m_;
  std::condition_variable cv_;
  std::queue<std::function<void()>> jobs_;
  std::vector<std::thread> threads_;
};
} // namespace coro

class WorkQueue {
public:
  explicit WorkQueue(int workers) {
    for (int i = 0; i < workers; ++i)
      threads_.emplace_back(&WorkQueue::worker_loop, this);
  }
  void post(std::function<void()> job);

private:
  void worker_loop() {
    std::unique_lock<std::mutex> lk(m_);
    cv_.wait(lk);
  }
  std::mutex m_;
  std::condition_variable cv_;
  std::vector<std::thread> threads_;
};

namespace asio {
struct io_context {
  void run();
};
} // namespace asio

// Ten threads that each run the same io_context (Asio's io_context_pool).
void serve_forever(asio::io_context &io, int fd) {
  char hello[8];
  recv(fd, hello, sizeof hello, 0);
  io.run();
}
void run_io_context_on_ten_threads(asio::io_context &io, int fd) {
  std::vector<std::thread> threads;
  for (int i = 0; i < 10; ++i)
    threads.emplace_back([&io, fd] { serve_forever(io, fd); });
  // CHECK-MESSAGES-NOASIO: :[[@LINE-1]]:13: warning: recommended model: thread-pool (10 threads doing blocking I/O (run)
  for (std::thread &t : threads)
    t.join();
}

void download(int fd) {
  char buf[512];
  recv(fd, buf, sizeof buf, 0);
  send(fd, buf, sizeof buf, 0);
}

// The user's fan-out, started from a member function, is still advised.
class Crawler {
public:
  void crawl(const std::vector<int> &sockets) {
    for (int fd : sockets)
      threads_.emplace_back(&Crawler::fetch, this, fd);
    // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: recommended model: event-loop (1 thread per element of 'sockets' doing network I/O: recv, send)
    // CHECK-MESSAGES-NOASIO: :[[@LINE-2]]:16: warning: recommended model: event-loop
  }

private:
  void fetch(int fd) { download(fd); }
  std::vector<std::thread> threads_;
};
