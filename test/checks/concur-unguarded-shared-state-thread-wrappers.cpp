// RUN: %check_concur %s concur-unguarded-shared-state %t -- -pthread

// A project's own thread class, whose constructor starts a std::thread that
// runs the callable it is given, starts a thread like std::thread does; its
// join() ends it.

#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace app {
class worker {
  std::thread t_;

public:
  worker() = default;
  template <class F> worker(std::string name, F &&body, std::function<void()> on_start) {
    t_ = std::thread([name, body = std::forward<F>(body), on_start]() mutable {
      if (on_start)
        on_start();
      body();
    });
  }
  worker(worker &&) = default;
  worker &operator=(worker &&) = default;
  void join() { t_.join(); }
};
} // namespace app

long total;
void run() {
  app::worker w("w", [] { total += 2; }, nullptr);
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: 'total' is written by the thread started at {{.*}}.cpp:[[@LINE-1]] without a lock; it is also written at {{.*}}.cpp:[[@LINE+1]]
  total++;
  w.join();
  total++; // joined: not reported
}
