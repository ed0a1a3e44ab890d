// The check and ThreadSanitizer agree: every race the check reports here,
// TSan reports when the program runs, and the idioms it stays quiet on run
// clean under TSan. (g++'s libtsan, as the tsan preset uses: Debian's
// clang 19 ships its TSan runtime in a package the bootstrap does not install.)
//
// RUN: %check_concur %s concur-unguarded-shared-state %t -- -pthread
// RUN: g++ -std=c++20 -fsanitize=thread -pthread -g -O1 %s -o %t.tsan
// RUN: env TSAN_OPTIONS=exitcode=66 not %t.tsan counter 2>&1 | FileCheck %s --check-prefix=RACE-COUNTER
// RUN: env TSAN_OPTIONS=exitcode=66 not %t.tsan member 2>&1 | FileCheck %s --check-prefix=RACE-MEMBER
// RUN: env TSAN_OPTIONS=exitcode=66 not %t.tsan pthread 2>&1 | FileCheck %s --check-prefix=RACE-PTHREAD
// RUN: env TSAN_OPTIONS=exitcode=66 not %t.tsan captured 2>&1 | FileCheck %s --check-prefix=RACE-CAPTURED
// RUN: %t.tsan locked 2>&1 | FileCheck %s --check-prefix=CLEAN --allow-empty
// RUN: %t.tsan slots 2>&1 | FileCheck %s --check-prefix=CLEAN --allow-empty
// RUN: %t.tsan joined 2>&1 | FileCheck %s --check-prefix=CLEAN --allow-empty
// RUN: %t.tsan queue 2>&1 | FileCheck %s --check-prefix=CLEAN --allow-empty
// RUN: %t.tsan atomic 2>&1 | FileCheck %s --check-prefix=CLEAN --allow-empty
// CLEAN-NOT: ThreadSanitizer

#include <atomic>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <pthread.h>
#include <thread>
#include <vector>

constexpr int Iterations = 100000;
volatile long sink; // Keeps the reads from being optimised away.

// Positives.

long counter = 0;

void count_up() {
  for (int i = 0; i < Iterations; ++i)
    counter++;
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'counter' is written by the thread started at {{.*}}.cpp:[[@LINE+6]] without a lock; it is also written at {{.*}}.cpp:[[@LINE-1]]
}
// RACE-COUNTER: WARNING: ThreadSanitizer: data race
// RACE-COUNTER: count_up

void race_counter() {
  std::thread a(count_up), b(count_up);
  a.join();
  b.join();
}

class Progress {
public:
  void start() { worker_ = std::thread(&Progress::run, this); }
  int done() const { return done_; }
  void stop() { worker_.join(); }

private:
  void run() {
    for (int i = 0; i < Iterations; ++i)
      done_ = i;
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'done_' is written by the thread started at {{.*}}.cpp:[[@LINE-8]] without a lock; it is also read at {{.*}}.cpp:[[@LINE-7]]
  }
  std::thread worker_;
  int done_ = 0;
};
// RACE-MEMBER: WARNING: ThreadSanitizer: data race
// RACE-MEMBER: Progress::

void race_member() {
  Progress p;
  p.start();
  long seen = 0;
  for (int i = 0; i < Iterations; ++i)
    seen += p.done();
  p.stop();
  sink = seen;
}

struct Shared {
  long hits = 0;
};

void *hit(void *arg) {
  auto *s = static_cast<Shared *>(arg);
  for (int i = 0; i < Iterations; ++i)
    s->hits += 1;
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 's.hits' is written by the thread started at {{.*}}.cpp:[[@LINE+10]] without a lock; it is also written at {{.*}}.cpp:[[@LINE-1]]
  return nullptr;
}
// RACE-PTHREAD: WARNING: ThreadSanitizer: data race
// RACE-PTHREAD: hit

void race_pthread() {
  Shared s;
  pthread_t t[2];
  for (pthread_t &id : t)
    pthread_create(&id, nullptr, hit, &s);
  for (pthread_t id : t)
    pthread_join(id, nullptr);
}

void race_captured() {
  int last = 0;
  std::thread t([&last] {
    for (int i = 0; i < Iterations; ++i)
      last = i;
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'last' is written by the thread started at {{.*}}.cpp:[[@LINE-3]] without a lock; it is also read at {{.*}}.cpp:[[@LINE+4]]
  });
  long sum = 0;
  for (int i = 0; i < Iterations; ++i)
    sum += last;
  t.join();
  sink = sum;
}
// RACE-CAPTURED: WARNING: ThreadSanitizer: data race
// RACE-CAPTURED: race_captured

// Negatives.

std::mutex total_mutex;
long total = 0;

void add_locked() {
  for (int i = 0; i < Iterations; ++i) {
    std::lock_guard<std::mutex> lock(total_mutex);
    total++;
  }
}

void no_warning_locked() {
  std::thread a(add_locked), b(add_locked);
  add_locked();
  a.join();
  b.join();
}

void no_warning_slots() {
  std::vector<long> partial(4);
  std::vector<std::thread> workers;
  for (int w = 0; w < 4; ++w)
    workers.emplace_back([&partial, w] {
      for (int i = 0; i < Iterations; ++i)
        partial[w] += i;
    });
  for (std::thread &t : workers)
    t.join();
}

int config = 0;

void no_warning_joined() {
  config = 7; // Before the start.
  int result = 0;
  std::thread t([&result] { result = config * 2; });
  t.join();
  result++; // After the join.
  config = result;
}

class Queue {
public:
  void push(int *item) {
    std::lock_guard<std::mutex> lock(mutex_);
    items_.push_back(item);
    ready_.notify_one();
  }
  int *pop() {
    std::unique_lock<std::mutex> lock(mutex_);
    ready_.wait(lock, [this] { return !items_.empty(); });
    int *item = items_.front();
    items_.pop_front();
    return item;
  }

private:
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<int *> items_;
};

void no_warning_queue() {
  Queue queue;
  std::thread consumer([&queue] {
    for (int i = 0; i < 1000; ++i) {
      int *item = queue.pop();
      *item += 1;
      delete item;
    }
  });
  for (int i = 0; i < 1000; ++i) {
    int *item = new int(i);
    *item *= 2;
    queue.push(item);
  }
  consumer.join();
}

std::atomic<long> requests{0};

void no_warning_atomic() {
  std::thread t([] {
    for (int i = 0; i < Iterations; ++i)
      requests++;
  });
  for (int i = 0; i < Iterations; ++i)
    requests.fetch_add(1);
  t.join();
}

int main(int argc, char **argv) {
  const char *which = argc > 1 ? argv[1] : "";
  if (!std::strcmp(which, "counter"))
    race_counter();
  else if (!std::strcmp(which, "member"))
    race_member();
  else if (!std::strcmp(which, "pthread"))
    race_pthread();
  else if (!std::strcmp(which, "captured"))
    race_captured();
  else if (!std::strcmp(which, "locked"))
    no_warning_locked();
  else if (!std::strcmp(which, "slots"))
    no_warning_slots();
  else if (!std::strcmp(which, "joined"))
    no_warning_joined();
  else if (!std::strcmp(which, "queue"))
    no_warning_queue();
  else if (!std::strcmp(which, "atomic"))
    no_warning_atomic();
  return 0;
}
