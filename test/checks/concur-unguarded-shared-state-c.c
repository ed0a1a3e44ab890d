// RUN: %check_concur %s concur-unguarded-shared-state %t -- -pthread

// The race check runs on C: POSIX threads and C11 threads share globals the
// same way, and a pthread mutex or an _Atomic object guards them the same way.
// The fix makes a scalar C11's _Atomic(T), which needs no header.

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <threads.h>

int counter;
// CHECK-FIXES: {{^}}_Atomic(int) counter;{{$}}
int guarded;
_Atomic int hits;
char label[16];
pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t locks[2] = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER};
mtx_t c11_lock;
int by_element, by_c11_lock, by_stream_lock;
char gbuf[16];

void *posix_worker(void *arg) {
  counter++;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'counter' is written by the thread started at {{.*}} without a lock; it is also written at {{.*}}
  pthread_mutex_lock(&lock);
  guarded++;
  pthread_mutex_unlock(&lock);
  atomic_fetch_add(&hits, 1);
  pthread_mutex_lock(&locks[0]); // one of an array of mutexes
  by_element++;
  pthread_mutex_unlock(&locks[0]);
  mtx_lock(&c11_lock);
  by_c11_lock++;
  mtx_unlock(&c11_lock);
  flockfile(stdout); // the stream's lock
  by_stream_lock++;
  funlockfile(stdout);
  memcpy(gbuf + 5, "abc", 3); // pointer arithmetic: an element of gbuf
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'gbuf[]' is written by the thread started at {{.*}} without a lock; it is also written at {{.*}}
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
  pthread_mutex_lock(&locks[0]);
  by_element++;
  pthread_mutex_unlock(&locks[0]);
  mtx_lock(&c11_lock);
  by_c11_lock++;
  mtx_unlock(&c11_lock);
  flockfile(stdout);
  by_stream_lock++;
  funlockfile(stdout);
  memcpy(gbuf + 5, "xyz", 3);
  pthread_join(posix, NULL);
  counter = 2; // after the join

  thrd_t c11;
  thrd_create(&c11, c11_worker, NULL);
  strcpy(label, "main");
  thrd_join(c11, NULL);
  strcpy(label, "done"); // after the join
  return counter;
}
