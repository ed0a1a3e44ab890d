// RUN: %check_concur %s concur-concurrency-model %t \
// RUN:   --config="{CheckOptions: {concur-concurrency-model.AdviseCoroutines: true}}" \
// RUN:   -- -I%S/Inputs -I%runtime_include -pthread

// A call the user NOLINTed, for this check or for the check that reports such
// a call, is no evidence for a recommendation: "this fopen is fine here" must
// not come back as "offload this coroutine's fopen".

#include "coro.h"
#include <cstdio>
#include <sys/socket.h>
#include <thread>
#include <vector>

// Every sync-only call waived: no recommendation.
test::task<> startup_banner() {
  std::FILE *f = std::fopen("banner", "r"); // NOLINT(concur-blocking-call-in-coroutine): once
  // NOLINTNEXTLINE(concur-concurrency-model)
  std::fclose(f);
  co_await test::ready{};
}

// A glob and a bare NOLINT waive as they do for clang-tidy.
test::task<> glob_waivers() {
  std::FILE *f = std::fopen("a", "r"); // NOLINT(concur-*)
  char buf[8];
  std::fread(buf, 1, sizeof buf, f); // NOLINT
  co_await test::ready{};
}

// NOLINTBEGIN/NOLINTEND cover the lines between them.
// NOLINTBEGIN(concur-blocking-call-in-coroutine)
test::task<> in_a_block() {
  std::FILE *f = std::fopen("b", "r");
  std::fclose(f);
  co_await test::ready{};
}
// NOLINTEND(concur-blocking-call-in-coroutine)

// One call waived, one not: the recommendation rests on the other alone.
test::task<> half_waived() {
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: recommended model: event-loop+offload (coroutine 'half_waived': 1 task on an event loop calling sync-only fread: offload them with to_thread) [concur-concurrency-model]
  std::FILE *f = std::fopen("c", "r"); // NOLINT(concur-blocking-call-in-coroutine)
  char buf[8];
  std::fread(buf, 1, sizeof buf, f);
  // CHECK-NOTES: :[[@LINE-1]]:3: note: 'fread' here: file I/O
  co_await test::ready{};
}

// A NOLINT for another check, or one that is not a directive, waives nothing.
test::task<> other_checks() {
  // CHECK-NOTES: :[[@LINE-1]]:14: warning: recommended model: event-loop+offload (coroutine 'other_checks': 1 task on an event loop calling sync-only fopen, fgets: offload them with to_thread) [concur-concurrency-model]
  std::FILE *f = std::fopen("d", "r"); // NOLINT(concur-unguarded-shared-state)
  // CHECK-NOTES: :[[@LINE-1]]:18: note: 'fopen' here: file I/O
  char line[8];
  std::fgets(line, sizeof line, f); // NOLINTSOMEDAY
  // CHECK-NOTES: :[[@LINE-1]]:3: note: 'fgets' here: file I/O
  co_await test::ready{};
}

// Threads whose network calls are waived are no event-loop evidence either.
void fetch(int fd) {
  char buf[64];
  send(fd, buf, 1, 0);   // NOLINT(concur-concurrency-model): a one-byte ping
  recv(fd, buf, 1, 0);   // NOLINT(concur-concurrency-model)
}

void crawl(const std::vector<int> &sockets) {
  std::vector<std::thread> workers;
  for (int fd : sockets)
    workers.emplace_back(fetch, fd);
  for (std::thread &t : workers)
    t.join();
}
