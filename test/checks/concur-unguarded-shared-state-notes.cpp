// RUN: %check_concur %s concur-unguarded-shared-state %t -- -pthread -I%runtime_include

// Every finding explains itself: the other access, where the thread starts,
// and what to do (the mutex the other accesses hold, or concur::guarded).

#include <map>
#include <mutex>
#include <string>
#include <thread>

std::mutex cache_mutex;
std::map<std::string, int> cache;

void fill() {
  cache["a"] = 1;
}
// CHECK-NOTES: :[[@LINE-2]]:3: warning: 'cache' is written by the thread started at {{.*}}.cpp:[[@LINE+8]] without a lock; it is also read at {{.*}}.cpp:[[@LINE+11]] holding 'cache_mutex'
// CHECK-NOTES: :[[@LINE+10]]:13: note: 'cache' is also read here
// CHECK-NOTES: :[[@LINE+6]]:15: note: the thread running 'fill' is started here
// CHECK-NOTES: :[[@LINE-5]]:3: note: other accesses of 'cache' hold 'cache_mutex'; hold it here too

int lookup(const std::string &key);

void cache_user() {
  std::thread t(fill);
  {
    std::lock_guard<std::mutex> lock(cache_mutex);
    int n = cache.count("a");
    (void)n;
  }
  t.join();
}

struct Histogram {
  std::map<int, long> buckets;
};

void record(Histogram &h, int value) { h.buckets[value]++; }
// CHECK-NOTES: :[[@LINE-1]]:40: warning: 'hist.buckets' is written by the thread started at {{.*}}.cpp:[[@LINE+9]] without a lock; it is also written at {{.*}}.cpp:[[@LINE-1]]
// CHECK-NOTES: :[[@LINE-2]]:40: note: 'hist.buckets' is also written here by another run of the same thread
// CHECK-NOTES: :[[@LINE+7]]:18: note: the thread running 'record' is started here, in a loop
// CHECK-NOTES: :[[@LINE-7]]:23: note: 'buckets' is declared here; 'concur::guarded<std::map<int, long>>' keeps it with a mutex that every access must hold

void histogram() {
  Histogram hist;
  std::thread threads[2];
  for (int i = 0; i < 2; ++i)
    threads[i] = std::thread(record, std::ref(hist), i);
  for (auto &t : threads)
    t.join();
}
