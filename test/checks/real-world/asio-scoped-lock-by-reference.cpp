// RUN: %check_concur %s concur-unguarded-shared-state %t -- -pthread
// Regression test from docs/real-world.md. The analyzer of 231729e reported the 28 asio findings in include/asio/detail/impl/scheduler.ipp,
// op_queue.hpp and posix_event.hpp (e.g. "'io_context.impl_.stopped_' is written by
// the thread started at timer.cpp:76 without a lock"): asio's scheduler locks its own
// mutex (a pthread_mutex wrapper) with its own scoped_lock class and hands the held
// lock by reference to the helpers that touch the state.
// No longer reported since 8aecb8b and 5cf6fd9 (guards from the code itself; asio profile).

#include <pthread.h>
#include <thread>

namespace asio::detail {
class posix_mutex {
public:
  void lock() { pthread_mutex_lock(&mutex_); }
  void unlock() { pthread_mutex_unlock(&mutex_); }
  class scoped_lock {
  public:
    explicit scoped_lock(posix_mutex &m) : mutex_(m) { mutex_.lock(); }
    ~scoped_lock() { mutex_.unlock(); }

  private:
    posix_mutex &mutex_;
  };

private:
  pthread_mutex_t mutex_ = PTHREAD_MUTEX_INITIALIZER;
};

class scheduler {
public:
  void run() {
    posix_mutex::scoped_lock lock(mutex_);
    while (!stopped_)
      do_run_one(lock);
  }
  void stop() {
    posix_mutex::scoped_lock lock(mutex_);
    stop_all_threads(lock);
  }

private:
  void do_run_one(posix_mutex::scoped_lock &) { ++handlers_run_; }
  void stop_all_threads(posix_mutex::scoped_lock &) { stopped_ = true; }
  posix_mutex mutex_;
  bool stopped_ = false;
  long handlers_run_ = 0;
};
} // namespace asio::detail

int main() {
  asio::detail::scheduler sched;
  std::thread t([&] { sched.run(); });
  sched.stop();
  t.join();
}
