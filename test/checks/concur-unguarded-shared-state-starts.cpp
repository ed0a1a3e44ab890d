// RUN: %check_concur %s concur-unguarded-shared-state %t -- -pthread -I%runtime_include

// Where threads start, and what they run: std::jthread, std::async (not
// when deferred), concur::thread_pool::submit and post, std::bind, function
// objects, member functions with their object, named lambdas, and the
// happens-before edges: join, future get()/wait(), the end of a jthread's
// scope.

#include <concur/pool/thread_pool.hpp>
#include <functional>
#include <future>
#include <thread>

long bytes_sent = 0;

void send_chunk(long n) { bytes_sent += n; }
// CHECK-MESSAGES: :[[@LINE-1]]:27: warning: 'bytes_sent' is written by the thread started at
// {{.*}}.cpp:[[@LINE+4]] without a lock; it is also read at {{.*}}.cpp:[[@LINE+5]]

void jthreads() {
  {
    std::jthread t(send_chunk, 10);
    long during = bytes_sent;
    (void)during;
  } // Joined here.
  long after = bytes_sent;
  (void)after;
}

int async_hits = 0;

int bump() { return ++async_hits; }
// CHECK-MESSAGES: :[[@LINE-1]]:23: warning: 'async_hits' is written by the thread started at
// {{.*}}.cpp:[[@LINE+3]] without a lock; it is also read at {{.*}}.cpp:[[@LINE+4]]

void async_default_policy() {
  std::future<int> f = std::async(bump);
  int now = async_hits;
  f.get();
  int later = async_hits; // After get(): no race.
  (void)now;
  (void)later;
}

void no_warning_async_deferred() {
  std::future<int> f = std::async(std::launch::deferred, bump);
  int now = async_hits; // bump has not run, and will run on this thread.
  f.wait();
  (void)now;
}

void no_warning_async_discarded() {
  std::async(std::launch::async, bump); // The future waits at the end of the statement.
  int now = async_hits;
  (void)now;
}

struct Tally {
  int count = 0;
};

void count_into(Tally *t) { t->count++; }
// CHECK-MESSAGES: :[[@LINE-1]]:29: warning: 'tally.count' is written by the thread started at
// {{.*}}.cpp:[[@LINE+5]] without a lock; it is also read at {{.*}}.cpp:[[@LINE+6]]

int thread_pool_submit() {
  concur::thread_pool pool(2);
  Tally tally;
  auto done = pool.submit([&tally] { count_into(&tally); });
  int seen = tally.count;
  done.get();
  return seen + tally.count;
}

int posted = 0;

void thread_pool_post(concur::thread_pool &pool) {
  pool.post([] { posted++; });
  // CHECK-MESSAGES: :[[@LINE-1]]:18: warning: 'posted' is written by the thread started at
  // {{.*}}.cpp:[[@LINE-1]] without a lock; it is also read at {{.*}}.cpp:[[@LINE+1]]
  int now = posted; // Nothing to wait for: the job may still run.
  (void)now;
}

struct Accumulator {
  long sum = 0;
  void add(long n) { sum += n; }
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: 'acc.sum' is written by the thread started at
  // {{.*}}.cpp:[[@LINE+7]] without a lock; it is also read at {{.*}}.cpp:[[@LINE+8]]
  void operator()() { sum++; }
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: 'acc.sum' is written by the thread started at
  // {{.*}}.cpp:[[@LINE+13]] without a lock; it is also read at {{.*}}.cpp:[[@LINE+14]]
};

long member_function_with_object() {
  Accumulator acc;
  std::thread t(&Accumulator::add, &acc, 5L);
  long seen = acc.sum;
  t.join();
  return seen;
}

long function_object() {
  Accumulator acc;
  std::thread by_ref(std::ref(acc));
  long seen = acc.sum;
  by_ref.join();
  return seen;
}

long no_warning_function_object_copied() {
  Accumulator acc;
  std::thread by_copy(acc); // The thread runs on its own copy.
  long seen = acc.sum;
  by_copy.join();
  return seen;
}

int bound_total = 0;

void add_to(int *target, int n) { *target += n; }
// CHECK-MESSAGES: :[[@LINE-1]]:35: warning: 'bound_total' is written by the thread started at
// {{.*}}.cpp:[[@LINE+3]] without a lock; it is also written at {{.*}}.cpp:[[@LINE+4]]

void bind_expression() {
  std::thread t(std::bind(add_to, &bound_total, 3));
  bound_total = 0;
  t.join();
}

void named_lambda() {
  int progress = 0;
  auto work = [&progress] {
    for (int i = 0; i < 100; ++i)
      progress = i;
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'progress' is written by the thread started at
    // {{.*}}.cpp:[[@LINE+2]] without a lock; it is also read at {{.*}}.cpp:[[@LINE+3]]
  };
  std::thread t(work);
  while (progress < 99) {
  }
  t.join();
}

int by_reference_argument(int &shared) {
  std::thread t([](int &s) { s = 1; }, std::ref(shared));
  // CHECK-MESSAGES: :[[@LINE-1]]:30: warning: 'shared' is written by the thread started at
  // {{.*}}.cpp:[[@LINE-1]] without a lock; it is also read at {{.*}}.cpp:[[@LINE+1]]
  int seen = shared;
  t.join();
  return seen;
}

void detached_thread() {
  static int heartbeat = 0;
  std::thread([] {
    for (;;)
      heartbeat++;
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'heartbeat' is written by the thread started at
    // {{.*}}.cpp:[[@LINE-3]] without a lock; it is also read at {{.*}}.cpp:[[@LINE+2]]
  }).detach();
  int beat = heartbeat; // Detached: never joined.
  (void)beat;
}
