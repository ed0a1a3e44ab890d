// RUN: %check_concur %s concur-unguarded-shared-state %t -- -pthread
// Regression test from docs/real-world.md. The analyzer of 231729e reported leveldb util/env_posix.cc:847 ("'background_work_queue_' is written by the
// thread started at env_posix.cc:822 without a lock"), db/skiplist_test.cc:319 and the
// db_impl.cc findings against DBImpl::NewInternalIterator: leveldb's port::Mutex is
// annotated LOCKABLE with Lock() EXCLUSIVE_LOCK_FUNCTION(), and both sides call
// mu.Lock() / mu.Unlock() by hand.
// No longer reported since 8aecb8b (a class with a lock()/unlock() pair is a mutex).

#include <mutex>
#include <queue>
#include <thread>

class __attribute__((lockable)) Mutex {
public:
  void Lock() __attribute__((exclusive_lock_function())) { mu_.lock(); }
  void Unlock() __attribute__((unlock_function())) { mu_.unlock(); }

private:
  std::mutex mu_;
};

class Env {
public:
  void Schedule(int job) {
    mu_.Lock();
    if (!started_) {
      started_ = true;
      std::thread(&Env::BackgroundMain, this).detach();
    }
    queue_.push(job);
    mu_.Unlock();
  }

private:
  void BackgroundMain() {
    while (true) {
      mu_.Lock();
      if (!queue_.empty())
        queue_.pop();
      mu_.Unlock();
    }
  }
  Mutex mu_;
  bool started_ = false;
  std::queue<int> queue_;
};
