// RUN: %check_concur %s concur-concurrency-model %t \
// RUN:   --config="{CheckOptions: {concur-concurrency-model.AdviseCoroutines: true}}" \
// RUN:   -- -I%runtime_include -pthread
// RUN: %check_concur %s concur-concurrency-model %t.t --check-suffix=THRESHOLD \
// RUN:   --config="{CheckOptions: {concur-concurrency-model.FanOutThreshold: 500, \
// RUN:     concur-concurrency-model.ReportDetachedThreads: false, \
// RUN:     concur-concurrency-model.AdviseCoroutines: true}}" -- -I%runtime_include -pthread
// RUN: %check_concur %s concur-concurrency-model %t.d --check-suffix=DEFAULT -- -I%runtime_include -pthread

// One example of each of the five models, the anti-patterns, and the option
// that sets the fan-out threshold.

#include "coro.h"
#include "thirdparty.h"
#include <concur/pool/resume_on.hpp>
#include <concur/pool/thread_pool.hpp>
#include <concur/task/task.hpp>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <future>
#include <string>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

// event-loop: a thread per host, each doing network I/O.
void fetch(const std::string &host) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  connect(fd, nullptr, 0);
  send(fd, host.data(), host.size(), 0);
  char buf[256];
  recv(fd, buf, sizeof buf, 0);
  close(fd);
}
void crawl(const std::vector<std::string> &hosts) {
  std::vector<std::thread> workers;
  for (const std::string &host : hosts)
    workers.emplace_back(fetch, host);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: recommended model: event-loop (1 thread per element of 'hosts' doing network I/O: connect, send, recv) [concur-concurrency-model]
  // CHECK-MESSAGES-THRESHOLD: :[[@LINE-2]]:13: warning: recommended model: event-loop (1 thread per element of 'hosts'
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-3]]:13: warning: recommended model: event-loop
  for (std::thread &t : workers)
    t.join();
}

// With a constant fan-out, the threshold decides (default 256, from docs/seed-table.md).
void ping_all(int fd) {
  std::vector<std::thread> pingers;
  for (int i = 0; i < 300; ++i)
    pingers.emplace_back([fd] {
      // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: recommended model: event-loop (300 threads doing network I/O: send, recv)
      // CHECK-MESSAGES-THRESHOLD: :[[@LINE-2]]:13: warning: recommended model: thread-pool (300 threads doing blocking I/O (send, recv) at modest fan-out: a thread pool)
      // CHECK-MESSAGES-DEFAULT: :[[@LINE-3]]:13: warning: recommended model: event-loop
      char c = 0;
      send(fd, &c, 1, 0);
      recv(fd, &c, 1, 0);
    });
  for (std::thread &t : pingers)
    t.join();
}

// thread-pool: blocking file I/O at modest fan-out.
void load_shards() {
  std::vector<std::thread> loaders;
  for (int shard = 0; shard < 8; ++shard)
    loaders.emplace_back([shard] {
      // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: recommended model: thread-pool (8 threads doing blocking I/O (fopen, fread) at modest fan-out: a thread pool)
      // CHECK-MESSAGES-THRESHOLD: :[[@LINE-2]]:13: warning: recommended model: thread-pool (8 threads
      // CHECK-MESSAGES-DEFAULT: :[[@LINE-3]]:13: warning: recommended model: thread-pool
      char name[32], buf[4096];
      std::snprintf(name, sizeof name, "shard-%d", shard);
      FILE *f = std::fopen(name, "rb");
      std::fread(buf, 1, sizeof buf, f);
    });
  for (std::thread &t : loaders)
    t.join();
}

// cpu-pool: computation, no I/O. C++ threads run it in parallel.
double simulate(int seed) {
  double x = seed;
  for (int i = 0; i < 1000000; ++i)
    x = x * 1.0000001 + 0.5;
  return x;
}
void run_simulations(const std::vector<int> &seeds) {
  std::vector<std::jthread> sims;
  for (int seed : seeds)
    sims.emplace_back(simulate, seed);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: recommended model: cpu-pool (1 thread per element of 'seeds' doing CPU work: run it on one thread per core (no GIL in C++))
  // CHECK-MESSAGES-THRESHOLD: :[[@LINE-2]]:10: warning: recommended model: cpu-pool
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-3]]:10: warning: recommended model: cpu-pool
}

// process-pool: CPU work in thread-unsafe functions.
int tokenize(char *text) {
  int n = 0;
  for (char *tok = std::strtok(text, " "); tok; tok = std::strtok(nullptr, " "))
    n += std::rand() % 2;
  return n;
}
void tokenize_all(std::vector<std::string> &docs) {
  std::vector<std::future<int>> results;
  for (std::string &doc : docs)
    results.push_back(std::async(std::launch::async, tokenize, doc.data()));
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: recommended model: process-pool (1 std::async task per element of 'docs' doing CPU work that calls thread-unsafe strtok, rand)
  // CHECK-MESSAGES-THRESHOLD: :[[@LINE-2]]:23: warning: recommended model: process-pool
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-3]]:23: warning: recommended model: process-pool
}

// event-loop+offload: a coroutine on the loop calling a sync-only library
// (with AdviseCoroutines, which `concur advise` turns on).
test::task<> lookup(sqlite3_stmt *stmt) {
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: recommended model: event-loop+offload (coroutine 'lookup': 1 task on an event loop calling sync-only sqlite3_step: offload them with to_thread)
  // CHECK-MESSAGES-THRESHOLD: :[[@LINE-2]]:14: warning: recommended model: event-loop+offload
  sqlite3_step(stmt);
  co_await test::ready{};
}

// std::async in a loop with nothing to go on still starts unbounded work.
void no_evidence(std::vector<int> &items) {
  std::vector<std::future<void>> done;
  for (int &item : items)
    done.push_back(std::async([&item] { item *= 2; }));
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: std::async in a loop starts 1 std::async task per element of 'items' with no bound; use a thread pool sized to the work
  // CHECK-MESSAGES-THRESHOLD: :[[@LINE-2]]:20: warning: std::async in a loop
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-3]]:20: warning: std::async in a loop starts 1 std::async
}

// Detached threads (an option turns this off).
void fire_and_forget() {
  std::thread t([] {});
  t.detach();
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: detached thread: nothing waits for it or sees how it ends, and it may outlive what it uses; keep a std::jthread, or submit the work to a thread pool
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-2]]:5: warning: detached thread: nothing waits for it or
}

// No fan-out, no recommendation.
void no_warning_single_thread(int fd) {
  std::thread t([fd] {
    char c;
    recv(fd, &c, 1, 0);
  });
  t.join();
}

// Coroutines whose I/O is already async: nothing to change.
test::task<> no_warning_async_io() { co_await test::ready{}; }

// Jobs already on a pool: the pool is what a thread-pool or cpu-pool advice
// would ask for (examples/service's metrics snapshot, issue 17 point 8).
void no_warning_already_on_a_pool(concur::thread_pool &pool, std::vector<int> &fds) {
  for (int fd : fds)
    pool.post([fd] {
      char c;
      read(fd, &c, 1);
    });
  for (int i = 0; i < 1000; ++i)
    pool.post([] {
      volatile long sum = 0;
      for (long k = 0; k < 1000000; ++k)
        sum = sum + k;
    });
}

// A coroutine that hops to a pool before its sync-only calls already offloads
// them: the walk of the blocking check, with the same hops, says where each
// call runs (issue 17 point 8: link_store::backup in examples/service).
concur::task<void> no_warning_after_a_pool_hop(concur::thread_pool &pool, sqlite3_stmt *stmt) {
  co_await concur::resume_on(pool);
  sqlite3_step(stmt);
}
