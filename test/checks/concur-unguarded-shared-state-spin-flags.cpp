// RUN: %check_concur %s concur-unguarded-shared-state %t -- -std=c++20 -pthread
// Atomic flags used as spin locks guard what they enclose: test_and_set
// until it was clear, then clear(); exchange(true) until it was false, then
// store(false); a compare_exchange of false for true in a condition.

#include <atomic>
#include <thread>

std::atomic_flag spin = ATOMIC_FLAG_INIT;
std::atomic<bool> busy{false};
long in_spin = 0, in_busy = 0, in_try = 0, outside = 0;

void worker() {
  while (spin.test_and_set(std::memory_order_acquire)) {
  }
  ++in_spin;
  spin.clear(std::memory_order_release);

  while (busy.exchange(true, std::memory_order_acquire)) {
  }
  ++in_busy;
  busy.store(false, std::memory_order_release);

  bool expected = false;
  if (busy.compare_exchange_strong(expected, true)) {
    ++in_try;
    busy.store(false);
  }
  ++outside;
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'outside' is written by the thread started at {{.*}} without a lock; it is also written at {{.*}} [concur-unguarded-shared-state]
}

int main() {
  std::thread a(worker), b(worker);
  a.join();
  b.join();
  return static_cast<int>(in_spin + in_busy + in_try + outside);
}
