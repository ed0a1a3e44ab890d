// RUN: %check_concur %s concur-unguarded-shared-state %t -- -pthread

// Locks the project writes itself, recognised by their interface, as
// leveldb's port::Mutex (Lock()/Unlock()) and its MutexLock guard are: no
// option needed.

#include <thread>

namespace port {
class Mutex {
public:
  void Lock();
  void Unlock();
  void AssertHeld() {}
};
} // namespace port

// A guard written by hand: takes the lock in its constructor, releases it in
// its destructor.
class MutexLock {
public:
  explicit MutexLock(port::Mutex *mu) : mu_(mu) { mu_->Lock(); }
  ~MutexLock() { mu_->Unlock(); }

private:
  port::Mutex *const mu_;
};

port::Mutex mu;
int guarded_count = 0;
int by_hand_count = 0;
int unguarded_count = 0;

void no_warning_guarded_by_hand_written_guard() {
  MutexLock l(&mu);
  guarded_count++;
}

void no_warning_locked_by_hand() {
  mu.Lock();
  by_hand_count++;
  mu.Unlock();
}

void unguarded() {
  unguarded_count++;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'unguarded_count' is written by the thread started at {{.*}}.cpp:[[@LINE+12]] without a lock
}

void start_them() {
  std::thread a(no_warning_guarded_by_hand_written_guard);
  std::thread b(no_warning_guarded_by_hand_written_guard);
  std::thread c(no_warning_locked_by_hand);
  std::thread d(no_warning_locked_by_hand);
  {
    MutexLock l(&mu);
    guarded_count++;
  }
  std::thread e(unguarded);
  unguarded_count++;
  a.join();
  b.join();
  c.join();
  d.join();
  e.join();
}
