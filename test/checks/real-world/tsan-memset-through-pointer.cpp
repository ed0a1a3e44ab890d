// RUN: %check_concur %s concur-unguarded-shared-state %t -- -pthread
// A miss seen on compiler-rt's TSan tests (M1: double_race.cpp, memcpy_race.cpp,
// memcmp_race.cpp, inlined_memcpy_race.cpp): memset/memcpy of a shared buffer, from a
// thread and from its starter before the join, were not counted as accesses, so the
// race that TSan reports was not found. Reads through memcmp race with a write too;
// two reads, or a copy after the join, do not.

#include <cstring>
#include <pthread.h>

long long buf[2];

void *Thread(void *) {
  memset(buf, 2, sizeof(buf));
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'buf' is written by the thread started at {{.*}} without a lock; it is also written at {{.*}}
  return nullptr;
}

char src[8], dst[8], seen[8];

void *Copier(void *) {
  memcpy(dst, src, sizeof(dst)); // reads src, writes dst
  return nullptr;
}

void *Comparer(void *) {
  (void)memcmp(seen, src, sizeof(seen));
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: 'seen' is read by the thread started at {{.*}} without a lock; it is also written at {{.*}}
  return nullptr;
}

int main() {
  pthread_t t, c, m;
  pthread_create(&t, nullptr, Thread, nullptr);
  memset(buf, 1, sizeof(buf));
  pthread_join(t, nullptr);

  pthread_create(&c, nullptr, Copier, nullptr);
  (void)memcmp(src, "abcdefgh", sizeof(src)); // two reads of src
  pthread_join(c, nullptr);
  memcpy(dst, src, sizeof(dst)); // after the join

  pthread_create(&m, nullptr, Comparer, nullptr);
  strcpy(seen, "1234567");
  pthread_join(m, nullptr);
}
