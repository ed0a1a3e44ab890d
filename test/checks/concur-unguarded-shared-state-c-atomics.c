// RUN: %check_concur %s concur-unguarded-shared-state %t -- -pthread

// C11's <stdatomic.h> publishes data as C++'s <atomic> does: a release store
// (or a release fence and a relaxed store) before, an acquire load (or a
// relaxed load and an acquire fence) after. The macros expand to clang's
// __c11_atomic builtins, which are what the check reads.

#include <pthread.h>
#include <stdatomic.h>

static long message;
static atomic_int message_ready;
static long fenced;
static atomic_int fenced_ready;
static long unordered;
static atomic_int unordered_ready;

static void *producer(void *arg) {
  (void)arg;
  message = 42;
  atomic_store_explicit(&message_ready, 1, memory_order_release);
  fenced = 7;
  atomic_thread_fence(memory_order_release);
  atomic_store_explicit(&fenced_ready, 1, memory_order_relaxed);
  unordered = 1;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'unordered' is written by the thread started at {{.*}}.c:[[@LINE+7]] without a lock; it is also read at {{.*}}.c:[[@LINE+17]]
  atomic_store_explicit(&unordered_ready, 1, memory_order_relaxed);
  return NULL;
}

int main(void) {
  pthread_t thread;
  pthread_create(&thread, NULL, producer, NULL);
  while (!atomic_load_explicit(&message_ready, memory_order_acquire)) {
  }
  long seen = message;
  while (!atomic_load_explicit(&fenced_ready, memory_order_relaxed)) {
  }
  atomic_thread_fence(memory_order_acquire);
  seen += fenced;
  while (!atomic_load_explicit(&unordered_ready, memory_order_relaxed)) {
  }
  seen += unordered;
  pthread_join(thread, NULL);
  return (int)seen;
}
