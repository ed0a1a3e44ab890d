// RUN: %check_concur %s concur-unguarded-shared-state %t -- -pthread

// Locksets: guards to the end of their scope, unique_lock's unlock()/lock(),
// scoped_lock over several mutexes, shared_lock (a read lock does not
// protect a write), lock()/unlock() by hand, pthread mutexes and rwlocks,
// and locks taken by a caller (LockTypes: see -options.cpp).

#include <mutex>
#include <pthread.h>
#include <shared_mutex>
#include <thread>

std::mutex m1, m2;
int a = 0, b = 0, c = 0, d = 0;

void guards() {
  {
    std::lock_guard<std::mutex> lk(m1);
    a++;
  }
  b++; // The guard's scope has ended.
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'b' is written by the thread started at {{.*}}.cpp:[[@LINE+16]] without a lock; it is also written at {{.*}}.cpp:[[@LINE-1]]
  std::unique_lock<std::mutex> ul(m1);
  c++;
  ul.unlock();
  d++;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'd' is written by the thread started at {{.*}}.cpp:[[@LINE+11]] without a lock; it is also written at {{.*}}.cpp:[[@LINE-1]]
  ul.lock();
  c++;
  std::unique_lock<std::mutex> deferred(m2, std::defer_lock);
  d++; // Still unlocked: deferred.
  deferred.lock();
  std::scoped_lock both(m1, m2);
  a++;
}

void no_warning_guards_in_the_same_lock() {
  std::thread t1(guards), t2(guards);
  t1.join();
  t2.join();
}

std::shared_mutex rw;
int config_value = 0;

int read_config() {
  std::shared_lock<std::shared_mutex> lk(rw);
  return config_value;
}

void update_config_wrongly() {
  std::shared_lock<std::shared_mutex> lk(rw); // A read lock for a write.
  config_value++;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'config_value' is written by the thread started at {{.*}}.cpp:[[@LINE+11]] holding 'rw' (shared); it is also read at {{.*}}.cpp:[[@LINE-6]] holding 'rw' (shared)
}

void update_config() {
  std::unique_lock<std::shared_mutex> lk(rw);
  config_value++;
}

void shared_locks() {
  std::thread r1(read_config), r2(read_config);
  std::thread w(update_config);
  std::thread bad(update_config_wrongly);
  r1.join();
  r2.join();
  w.join();
  bad.join();
}

int manual = 0;

void by_hand() {
  m1.lock();
  manual++;
  m1.unlock();
  manual++;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'manual' is written by the thread started at {{.*}}.cpp:[[@LINE+4]] without a lock; it is also written at {{.*}}.cpp:[[@LINE-3]] holding 'm1'
}

void manual_locking() {
  std::thread t1(by_hand), t2(by_hand);
  t1.join();
  t2.join();
}

pthread_mutex_t pm = PTHREAD_MUTEX_INITIALIZER;
pthread_rwlock_t prw = PTHREAD_RWLOCK_INITIALIZER;
long requests = 0, cached = 0;

void *pthread_worker(void *) {
  pthread_mutex_lock(&pm);
  requests++;
  pthread_mutex_unlock(&pm);
  pthread_rwlock_rdlock(&prw);
  long seen = cached;
  pthread_rwlock_unlock(&prw);
  pthread_rwlock_wrlock(&prw);
  cached = seen + 1;
  pthread_rwlock_unlock(&prw);
  return nullptr;
}

void *pthread_wrong(void *) {
  pthread_rwlock_rdlock(&prw);
  cached = 0;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'cached' is written by the thread started at {{.*}}.cpp:[[@LINE+9]] holding 'prw' (shared); it is also read at {{.*}}.cpp:[[@LINE-11]] holding 'prw' (shared)
  pthread_rwlock_unlock(&prw);
  return nullptr;
}

void pthreads() {
  pthread_t t1, t2, t3;
  pthread_create(&t1, nullptr, pthread_worker, nullptr);
  pthread_create(&t2, nullptr, pthread_worker, nullptr);
  pthread_create(&t3, nullptr, pthread_wrong, nullptr);
  pthread_join(t1, nullptr);
  pthread_join(t2, nullptr);
  pthread_join(t3, nullptr);
}

// Locks taken by a caller protect what the callee touches (per-function
// summaries); the branches of an if keep only the locks held on both.
int inventory = 0;

void adjust(int n) { inventory += n; }
// CHECK-MESSAGES: :[[@LINE-1]]:22: warning: 'inventory' is written by the thread started at {{.*}}.cpp:[[@LINE+23]] without a lock; it is also written at {{.*}}.cpp:[[@LINE-1]] holding 'm2'

void locked_caller() {
  std::lock_guard<std::mutex> lk(m2);
  adjust(1);
}

void branchy_caller(bool fast) {
  if (fast) {
    m2.lock();
  } else {
    m2.lock();
  }
  adjust(2); // Locked on both branches.
  m2.unlock();
  if (fast)
    m2.lock();
  adjust(3); // Locked on one branch only.
  if (fast)
    m2.unlock();
}

void calls() {
  std::thread t1(locked_caller), t2(locked_caller), t3(branchy_caller, true);
  t1.join();
  t2.join();
  t3.join();
}
