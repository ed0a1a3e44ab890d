// RUN: %check_concur %s concur-unguarded-shared-state %t -- -pthread

// glibc's pthread_timedjoin_np, pthread_tryjoin_np and pthread_clockjoin_np
// end a thread's concurrency with its starter as pthread_join does: what the
// starter reads after them is not a race; what it reads before still is.

#include <pthread.h>
#include <time.h>

struct Result {
  int value = 0;
};

void *produce(void *arg) {
  static_cast<Result *>(arg)->value = 42;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'result.value' is written by the thread started at {{.*}}.cpp:[[@LINE+18]] without a lock; it is also read at {{.*}}.cpp:[[@LINE+19]]
  return nullptr;
}

int no_warning_after_a_timed_join() {
  Result result;
  pthread_t tid;
  pthread_create(&tid, nullptr, produce, &result);
  timespec deadline{};
  clock_gettime(CLOCK_REALTIME, &deadline);
  deadline.tv_sec += 5;
  pthread_timedjoin_np(tid, nullptr, &deadline);
  return result.value;
}

int read_before_the_join() {
  Result result;
  pthread_t tid;
  pthread_create(&tid, nullptr, produce, &result);
  int early = result.value;
  while (pthread_tryjoin_np(tid, nullptr) != 0) {
  }
  return early + result.value;
}
