// RUN: %check_concur %s concur-unguarded-shared-state %t -- -pthread

// Locks taken in a loop: a loop that takes every lock of an array and keeps
// them holds them all after it (lock ordering by index, as a striped table
// does to resize); a loop whose body locks and unlocks holds nothing after.

#include <mutex>
#include <pthread.h>
#include <thread>

constexpr int Stripes = 8;
pthread_mutex_t stripes[Stripes];
long total;

void *resize(void *) {
  for (int i = 0; i < Stripes; i++)
    pthread_mutex_lock(&stripes[i]);
  total++;
  for (int i = Stripes - 1; i >= 0; i--)
    pthread_mutex_unlock(&stripes[i]);
  return nullptr;
}

std::mutex shards[Stripes];
long rebuilt;

void rebuild() {
  for (std::mutex &m : shards)
    m.lock();
  rebuilt++;
  for (std::mutex &m : shards)
    m.unlock();
}

std::mutex one;
long after_loop;

void touch_after_loop() {
  for (int i = 0; i < 3; i++) {
    one.lock();
    one.unlock();
  }
  after_loop++;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'after_loop' is written by the thread started at {{.*}}.cpp:[[@LINE+8]] without a lock; it is also written at {{.*}}.cpp:[[@LINE-1]]
}

int main() {
  pthread_t a, b;
  pthread_create(&a, nullptr, resize, nullptr);
  pthread_create(&b, nullptr, resize, nullptr);
  std::thread c(rebuild), d(rebuild);
  std::thread e(touch_after_loop), f(touch_after_loop);
  pthread_join(a, nullptr);
  pthread_join(b, nullptr);
  c.join();
  d.join();
  e.join();
  f.join();
}
