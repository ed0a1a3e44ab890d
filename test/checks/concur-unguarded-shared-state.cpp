// RUN: %check_concur %s concur-unguarded-shared-state %t -- -pthread

// The basics: globals, class statics, function-local statics, fields
// through `this`, locals captured by reference, objects passed by pointer;
// std::thread, pthread_create, lambdas and member functions.

#include <mutex>
#include <pthread.h>
#include <string>
#include <thread>
#include <vector>

std::string last_error;

void record_error() { last_error = "timeout"; }
// CHECK-MESSAGES: :[[@LINE-1]]:23: warning: 'last_error' is written by the thread started at {{.*}}.cpp:[[@LINE+3]] without a lock; it is also read at {{.*}}.cpp:[[@LINE+4]] [concur-unguarded-shared-state]

void global_string() {
  std::thread t(record_error);
  bool empty = last_error.empty();
  t.join();
  (void)empty;
}

struct Stats {
  static long served;
};
long Stats::served = 0;

void serve() { Stats::served += 1; }
// CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 'Stats::served' is written by the thread started at {{.*}}.cpp:[[@LINE+3]] without a lock; it is also written at {{.*}}.cpp:[[@LINE-1]]

void class_static() {
  std::thread a(serve), b(serve);
  a.join();
  b.join();
}

int *next_slot() {
  static int *cursor = nullptr; // Magic static: its initialisation is thread-safe.
  ++cursor;
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'cursor' is written by the thread started at {{.*}}.cpp:[[@LINE+7]] without a lock; it is also written at {{.*}}.cpp:[[@LINE-1]]
  return cursor;
}

void local_static() {
  std::vector<std::thread> pool;
  for (int i = 0; i < 4; ++i)
    pool.emplace_back(next_slot);
  for (std::thread &t : pool)
    t.join();
}

void captured_by_reference() {
  bool done = false;
  std::thread t([&] { done = true; });
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: 'done' is written by the thread started at {{.*}}.cpp:[[@LINE-1]] without a lock; it is also read at {{.*}}.cpp:[[@LINE+1]]
  while (!done) {
  }
  t.join();
}

struct Job {
  int retries = 0;
};

void *run_job(void *arg) {
  Job *job = static_cast<Job *>(arg);
  job->retries++;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'job.retries' is written by the thread started at {{.*}}.cpp:[[@LINE+7]] without a lock; it is also read at {{.*}}.cpp:[[@LINE+8]]
  return nullptr;
}

int passed_by_pointer() {
  Job job;
  pthread_t tid;
  pthread_create(&tid, nullptr, run_job, &job);
  int seen = job.retries;
  pthread_join(tid, nullptr);
  return seen;
}

class Downloader {
public:
  void start() { worker_ = std::thread(&Downloader::loop, this); }
  long downloaded() const { return bytes_; }
  void stop() {
    worker_.join();
    bytes_ = 0; // After the join.
  }

private:
  void loop() {
    for (int i = 0; i < 10; ++i)
      bytes_ += 512;
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'bytes_' is written by the thread started at {{.*}}.cpp:[[@LINE-11]] without a lock; it is also read at {{.*}}.cpp:[[@LINE-10]]
  }
  std::thread worker_;
  long bytes_ = 0;
};

// Negatives.

thread_local int per_thread_counter;
const int limit = 10;
constexpr int width = 80;

void uses_thread_locals() {
  per_thread_counter++;
  int x = limit + width;
  (void)x;
}

void no_warning_thread_local_and_const() {
  std::thread a(uses_thread_locals), b(uses_thread_locals);
  a.join();
  b.join();
}

int configured = 0;

void reads_configuration() { int x = configured; (void)x; }

void no_warning_written_before_start_read_after_join() {
  configured = 42;
  std::thread t(reads_configuration);
  t.join();
  configured = 0;
}

void no_warning_objects_created_inside_the_thread() {
  std::thread a([] {
    std::vector<int> mine;
    for (int i = 0; i < 100; ++i)
      mine.push_back(i);
  });
  std::thread b([] {
    int local = 0;
    local++;
  });
  a.join();
  b.join();
}

std::mutex totals_mutex;
long total = 0;

void add_to_total(long n) {
  std::lock_guard<std::mutex> lock(totals_mutex);
  total += n;
}

void no_warning_every_access_locked() {
  std::thread a(add_to_total, 1), b(add_to_total, 2);
  add_to_total(3);
  a.join();
  b.join();
  long seen = total;
  (void)seen;
}

void no_warning_sequential_threads() {
  std::thread a(serve);
  a.join();
  std::thread b(serve);
  b.join();
}

void no_warning_by_copy_capture() {
  int copied = 1;
  std::thread t([copied]() mutable { copied++; });
  copied = 2;
  t.join();
}
