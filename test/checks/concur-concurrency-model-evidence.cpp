// RUN: %check_concur %s concur-concurrency-model %t -- -I%runtime_include -pthread

// The recommendation comes with its evidence: where the work fans out, and
// the calls that decided it.

#include <string>
#include <sys/socket.h>
#include <thread>
#include <vector>

void fetch(int fd) {
  char buf[64];
  send(fd, buf, 1, 0);
  recv(fd, buf, sizeof buf, 0);
}

void crawl(const std::vector<int> &sockets) {
  std::vector<std::thread> workers;
  for (int fd : sockets)
    workers.emplace_back(fetch, fd);
  // CHECK-NOTES: :[[@LINE-1]]:13: warning: recommended model: event-loop (1 thread per element of 'sockets' doing network I/O: send, recv) [concur-concurrency-model]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: threads are started in this loop, with no bound
  // CHECK-NOTES: :13:3: note: 'send' here: network I/O
  // CHECK-NOTES: :14:3: note: 'recv' here: network I/O
  // CHECK-NOTES: :[[@LINE-5]]:13: note: each thread reserves a stack (8 MiB of address space by default); a coroutine frame on an event loop takes a few hundred bytes
  for (std::thread &t : workers)
    t.join();
}
