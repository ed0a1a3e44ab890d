// RUN: %check_concur %s concur-unguarded-shared-state %t -- -pthread
// XFAIL: *
// A miss seen on compiler-rt's TSan tests (double_race.cpp, memcpy_race.cpp,
// memcmp_race.cpp, inlined_memcpy_race.cpp): memset/memcpy of a shared buffer, from a
// thread and from its starter before the join, are not counted as accesses, so the
// race that TSan reports is not found.

#include <cstring>
#include <pthread.h>

long long buf[2];

void *Thread(void *) {
  memset(buf, 2, sizeof(buf));
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'buf' is written by the thread started at {{.*}} without a lock; it is also written at {{.*}}
  return nullptr;
}

int main() {
  pthread_t t;
  pthread_create(&t, nullptr, Thread, nullptr);
  memset(buf, 1, sizeof(buf));
  pthread_join(t, nullptr);
}
