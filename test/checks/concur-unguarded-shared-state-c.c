// RUN: %check_concur %s concur-unguarded-shared-state %t -- -pthread

// The race check runs on C: POSIX threads and C11 threads share globals the
// same way, and a pthread mutex or an _Atomic object guards them the same way.
// The fix makes a scalar C11's _Atomic(T), which needs no header.

#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <threads.h>

int counter;
// CHECK-FIXES: {{^}}_Atomic(int) counter;{{$}}
int guarded;
_Atomic int hits;
char label[16];
pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

void *posix_worker(void *arg) {
  counter++;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'counter' is written by the thread started at {{.*}} without a lock; it is also written at {{.*}}
  pthread_mutex_lock(&lock);
  guarded++;
  pthread_mutex_unlock(&lock);
  atomic_fetch_add(&hits, 1);
  return arg;
}

int c11_worker(void *arg) {
  (void)arg;
  return (int)strlen(label);
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: 'label' is read by the thread started at {{.*}} without a lock; it is also written at {{.*}}
}

int main(void) {
  pthread_t posix;
  pthread_create(&posix, NULL, posix_worker, NULL);
  counter = 1;
  pthread_mutex_lock(&lock);
  guarded = 1;
  pthread_mutex_unlock(&lock);
  hits = 2;
  pthread_join(posix, NULL);
  counter = 2; // after the join

  thrd_t c11;
  thrd_create(&c11, c11_worker, NULL);
  strcpy(label, "main");
  thrd_join(c11, NULL);
  strcpy(label, "done"); // after the join
  return counter;
}
