// RUN: %check_concur %s concur-unguarded-shared-state %t -- -pthread

// Clang's thread-safety attributes say which lock guards what, and
// `clang -Wthread-safety` proves it, including through REQUIRES contracts of
// functions this check sees only from one file: memory declared GUARDED_BY
// (or reached through a PT_GUARDED_BY pointer) is not reported. What is not
// annotated still is.

#include <mutex>
#include <thread>

#define CAPABILITY(x) __attribute__((capability(x)))
#define GUARDED_BY(x) __attribute__((guarded_by(x)))
#define PT_GUARDED_BY(x) __attribute__((pt_guarded_by(x)))
#define REQUIRES(...) __attribute__((requires_capability(__VA_ARGS__)))
#define ACQUIRE(...) __attribute__((acquire_capability(__VA_ARGS__)))
#define RELEASE(...) __attribute__((release_capability(__VA_ARGS__)))

class CAPABILITY("mutex") Mutex {
public:
  void Lock() ACQUIRE();
  void Unlock() RELEASE();
};

class Stats {
public:
  // Called with mu_ held; the check cannot see the callers' locks here.
  void RecordLocked() REQUIRES(mu_) {
    hits_++;
    *last_ = hits_;
  }
  void RecordUnannotated() {
    misses_++;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'misses_' is written by the thread started at {{.*}}.cpp:[[@LINE+7]] without a lock
  }
  void Start() {
    std::thread a(&Stats::RecordLocked, this);
    std::thread b(&Stats::RecordLocked, this);
    a.join();
    b.join();
    std::thread c(&Stats::RecordUnannotated, this), d(&Stats::RecordUnannotated, this);
    c.join();
    d.join();
  }

private:
  Mutex mu_;
  int hits_ GUARDED_BY(mu_) = 0;
  int *last_ PT_GUARDED_BY(mu_) = nullptr;
  int misses_ = 0;
};
