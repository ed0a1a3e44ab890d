// RUN: %check_concur %s concur-unguarded-shared-state %t -- -pthread

// The idioms that are not races: per-thread slots, hand-over through a
// mutex-protected queue, data initialised before the threads start and only
// read after, magic statics, anything after join; and std::atomic.

#include <atomic>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

// Each thread writes its own element, chosen by a value that differs per thread.
void no_warning_per_thread_slots() {
  std::vector<long> partial(8);
  std::vector<std::thread> workers;
  for (int i = 0; i < 8; ++i)
    workers.emplace_back([&partial, i] {
      for (long k = 0; k < 1000; ++k)
        partial[i] += k;
    });
  for (std::thread &t : workers)
    t.join();
  long sum = 0;
  for (long p : partial)
    sum += p;
}

double results[16];

void compute(int slot) { results[slot] = slot * 2.0; }

void no_warning_per_thread_slots_in_array() {
  std::vector<std::thread> workers;
  for (int i = 0; i < 16; ++i)
    workers.emplace_back(compute, i);
  for (auto &t : workers)
    t.join();
}

// But one slot for everyone is shared.
void same_slot() {
  std::vector<int> counts(4);
  std::vector<std::thread> workers;
  for (int i = 0; i < 4; ++i)
    workers.emplace_back([&counts] { counts[0]++; });
  // CHECK-MESSAGES: :[[@LINE-1]]:38: warning: 'counts[0]' is written by the thread started at {{.*}}.cpp:[[@LINE-1]] without a lock; it is also written at {{.*}}.cpp:[[@LINE-1]]
  for (auto &t : workers)
    t.join();
}

// Hand-over through a queue that locks: the item belongs to one thread at a time.
class WorkQueue {
public:
  void push(std::string item) {
    std::lock_guard<std::mutex> lock(mutex_);
    items_.push_back(std::move(item));
    ready_.notify_one();
  }
  std::string pop() {
    std::unique_lock<std::mutex> lock(mutex_);
    ready_.wait(lock, [this] { return !items_.empty(); });
    std::string item = std::move(items_.front());
    items_.pop_front();
    return item;
  }

private:
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::string> items_;
};

void no_warning_queue_hand_over() {
  WorkQueue queue;
  std::thread consumer([&queue] {
    for (int i = 0; i < 100; ++i) {
      std::string item = queue.pop();
      item += "!";
    }
  });
  for (int i = 0; i < 100; ++i) {
    std::string item = "job";
    item += std::to_string(i);
    queue.push(std::move(item));
  }
  consumer.join();
}

// Initialised before the threads start, only read while they run.
std::map<std::string, int> limits;
int verbosity;

int lookup(const std::string &key) { return limits.at(key) + verbosity; }

void no_warning_initialised_before_start() {
  limits["connections"] = 100;
  verbosity = 2;
  std::thread a(lookup, "connections"), b(lookup, "connections");
  int v = verbosity;
  a.join();
  b.join();
  limits.clear();
  (void)v;
}

// Magic statics: the first initialisation is thread-safe.
struct Registry {
  std::map<int, std::string> names;
};

Registry &registry() {
  static Registry instance;
  return instance;
}

const std::string &default_name() {
  static const std::string name = "anonymous";
  return name;
}

void no_warning_magic_statics() {
  std::thread a([] { registry(); default_name(); });
  std::thread b([] { registry(); default_name(); });
  a.join();
  b.join();
}

// After join, the thread's writes are visible.
void no_warning_after_join() {
  int answer = 0;
  std::thread t([&answer] { answer = 42; });
  t.join();
  answer++;
  std::vector<std::thread> more;
  for (int i = 0; i < 4; ++i) {
    more.emplace_back([&answer] { answer++; });
    more.back().join(); // Joined in the same iteration.
  }
}

// Atomics and synchronisation objects are made to be shared.
std::atomic<int> requests{0};
std::atomic_flag stop = ATOMIC_FLAG_INIT;

void no_warning_atomics() {
  int plain = 0;
  std::thread t([&] {
    requests.fetch_add(1);
    requests++;
    std::atomic_ref<int>(plain).fetch_add(1);
    while (!stop.test()) {
    }
  });
  requests.store(0);
  stop.test_and_set();
  t.join();
}

// Reading a pointer does not race with writing what it points to (the
// runtime's thread_pool steals from other workers' queues this way).
struct Slot {
  std::mutex mx;
  long value = 0;
};

void no_warning_pointer_then_pointee() {
  std::vector<std::unique_ptr<Slot>> slots;
  for (int i = 0; i < 4; ++i)
    slots.push_back(std::make_unique<Slot>());
  std::vector<std::thread> workers;
  for (int i = 0; i < 4; ++i)
    workers.emplace_back([&slots] {
      Slot &s = *slots[0];
      std::lock_guard<std::mutex> lock(s.mx);
      s.value++;
    });
  for (auto &t : workers)
    t.join();
}
