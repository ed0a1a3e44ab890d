// RUN: %check_concur --check-suffix=DEFAULT %s concur-unguarded-shared-state %t -- -pthread
// RUN: %check_concur --check-suffix=CONFIGURED %s concur-unguarded-shared-state %t \
// RUN:   --config="{CheckOptions: { \
// RUN:     concur-unguarded-shared-state.LockTypes: 'app::SpinGuard', \
// RUN:     concur-unguarded-shared-state.ThreadStartFunctions: 'app::spawn', \
// RUN:     concur-unguarded-shared-state.ThreadSafeTypes: 'app::LockFreeStats', \
// RUN:     concur-unguarded-shared-state.AssumeConcurrentPublicMembers: false}}" -- -pthread
// RUN: %expect_exit 2 %concur check --checks=-*,concur-unguarded-shared-state \
// RUN:   --config="{CheckOptions: {concur-unguarded-shared-state.ThreadStartFunctions: 'spawn(int)'}}" \
// RUN:   %s -- -std=c++20 2>&1 | FileCheck %s --check-prefix=BAD
// BAD: invalid entry 'spawn(int)' in option 'ThreadStartFunctions': expected a qualified name such as 'ns::Class::method'

#include <atomic>
#include <functional>
#include <thread>

namespace app {
// A spin lock over a plain flag word: nothing in its interface says "lock",
// so only the option LockTypes makes its guard one (a lock with lock() and
// unlock(), and a guard over it, are recognised without it).
struct SpinLock {
  std::atomic<bool> busy{false};
};
struct SpinGuard {
  explicit SpinGuard(SpinLock &l) : l(l) {
    while (l.busy.exchange(true))
      ;
  }
  ~SpinGuard() { l.busy = false; }
  SpinLock &l;
};

// Runs fn on a thread of its own.
inline void spawn(std::function<void()> fn) { std::thread(std::move(fn)).detach(); }

// Synchronised by means the check cannot see.
struct LockFreeStats {
  long count = 0;
  void add() { count++; }
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:16: warning: 'stats.count' is written by the thread started at {{.*}}.cpp:[[@LINE+33]] without a lock; it is also written at {{.*}}.cpp:[[@LINE-1]]
};
} // namespace app

app::SpinLock spin;
int spun = 0;

void spin_worker() {
  app::SpinGuard g(spin);
  spun++;
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:3: warning: 'spun' is written by the thread started at {{.*}}.cpp:[[@LINE+4]] without a lock; it is also written at {{.*}}.cpp:[[@LINE-1]]
}

void lock_types() {
  std::thread t1(spin_worker), t2(spin_worker);
  t1.join();
  t2.join();
}

int spawned = 0;

void thread_start_functions() {
  app::spawn([] { spawned++; });
  // CHECK-MESSAGES-CONFIGURED: :[[@LINE-1]]:19: warning: 'spawned' is written by the thread started at {{.*}}.cpp:[[@LINE-1]] without a lock; it is also read at {{.*}}.cpp:[[@LINE+1]]
  int now = spawned;
  (void)now;
}

app::LockFreeStats stats;

void stats_worker() { stats.add(); }

void thread_safe_types() {
  std::thread t1(stats_worker), t2(stats_worker);
  t1.join();
  t2.join();
}

class Poller {
public:
  void start() { thread_ = std::thread(&Poller::poll, this); }
  int polls() const { return polls_; }
  ~Poller() { thread_.join(); }

private:
  void poll() { polls_++; }
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:17: warning: 'polls_' is written by the thread started at {{.*}}.cpp:[[@LINE-6]] without a lock; it is also read at {{.*}}.cpp:[[@LINE-5]]
  std::thread thread_;
  int polls_ = 0;
};
