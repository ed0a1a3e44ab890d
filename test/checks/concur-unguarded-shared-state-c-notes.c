// RUN: %check_concur %s concur-unguarded-shared-state %t -- -pthread

// In C the note names C's locks, not concur::guarded<T>.

#include <pthread.h>
#include <string.h>

char label[16];

void *reader(void *arg) {
  (void)strlen(label);
  // CHECK-NOTES: :[[@LINE-1]]:16: warning: 'label' is read by the thread started at {{.*}} without a lock; it is also written at {{.*}}
  // CHECK-NOTES: :[[@LINE+9]]:10: note: 'label' is also written here
  // CHECK-NOTES: :[[@LINE+7]]:3: note: the thread running 'reader' is started here
  // CHECK-NOTES: :[[@LINE-7]]:6: note: 'label' is declared here; guard it with a pthread_mutex_t (or mtx_t) that every access holds
  return arg;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, reader, NULL);
  strcpy(label, "main");
  pthread_join(t, NULL);
  return 0;
}
