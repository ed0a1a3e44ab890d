// Publication through atomics: data written before a release store (or a
// release fence and a store) and read after an acquire load that sees it (or
// a load and an acquire fence) is ordered, not raced. The check and
// ThreadSanitizer agree on every case here: the published ones run clean,
// the ones that get the order wrong race. (Except for the fences, which the
// memory model orders and g++'s libtsan does not model: it reports them, as
// compiler-rt's own atomic_relaxed test expects of a TSan without fences.)
//
// RUN: %check_concur %s concur-unguarded-shared-state %t -- -pthread
// RUN: g++ -std=c++20 -fsanitize=thread -pthread -g -O1 %s -o %t.tsan
// RUN: %t.tsan flag 2>&1 | FileCheck %s --check-prefix=CLEAN --allow-empty
// RUN: %t.tsan explicit 2>&1 | FileCheck %s --check-prefix=CLEAN --allow-empty
// RUN: %t.tsan builtins 2>&1 | FileCheck %s --check-prefix=CLEAN --allow-empty
// RUN: %t.tsan exchange 2>&1 | FileCheck %s --check-prefix=CLEAN --allow-empty
// RUN: %t.tsan filled 2>&1 | FileCheck %s --check-prefix=CLEAN --allow-empty
// RUN: env TSAN_OPTIONS=exitcode=66 not %t.tsan relaxed 2>&1 | FileCheck %s --check-prefix=RACE
// RUN: env TSAN_OPTIONS=exitcode=66 not %t.tsan late 2>&1 | FileCheck %s --check-prefix=RACE
// RUN: env TSAN_OPTIONS=exitcode=66 not %t.tsan early 2>&1 | FileCheck %s --check-prefix=RACE
// RUN: env TSAN_OPTIONS=exitcode=66 not %t.tsan other 2>&1 | FileCheck %s --check-prefix=RACE
// CLEAN-NOT: ThreadSanitizer
// RACE: WARNING: ThreadSanitizer: data race

#include <atomic>
#include <cstring>
#include <thread>

volatile long sink;

// Published: a seq_cst flag (the default order), assigned and tested.
long flag_data;
std::atomic<bool> flag_ready{false};
void flag() {
  std::thread writer([] {
    flag_data = 42;
    flag_ready = true;
  });
  while (!flag_ready) {
  }
  sink = flag_data;
  writer.join();
}

// Published: release store, acquire load.
long explicit_data;
std::atomic<int> explicit_ready{0};
void explicit_orders() {
  std::thread writer([] {
    explicit_data = 42;
    explicit_ready.store(1, std::memory_order_release);
  });
  while (explicit_ready.load(std::memory_order_acquire) == 0) {
  }
  sink = explicit_data;
  writer.join();
}

// Published: relaxed operations ordered by a release and an acquire fence.
long fenced_data;
std::atomic<int> fenced_ready{0};
void fences() {
  std::thread writer([] {
    fenced_data = 42;
    std::atomic_thread_fence(std::memory_order_release);
    fenced_ready.store(1, std::memory_order_relaxed);
  });
  while (fenced_ready.load(std::memory_order_relaxed) == 0) {
  }
  std::atomic_thread_fence(std::memory_order_acquire);
  sink = fenced_data;
  writer.join();
}

// Published: GCC's builtins on a plain integer, as lock-free C code writes it.
long builtin_data;
int builtin_ready;
void builtins() {
  std::thread writer([] {
    builtin_data = 42;
    __atomic_store_n(&builtin_ready, 1, __ATOMIC_RELEASE);
  });
  while (!__atomic_load_n(&builtin_ready, __ATOMIC_ACQUIRE)) {
  }
  sink = builtin_data;
  writer.join();
}

// Published: an acq_rel exchange hands the data over.
long handed_data;
std::atomic<int> handed{0};
void exchange() {
  std::thread writer([] {
    handed_data = 42;
    handed.exchange(1, std::memory_order_acq_rel);
  });
  while (handed.load(std::memory_order_acquire) != 1) {
  }
  sink = handed_data;
  writer.join();
}

// Published: the data is written by a function the thread calls first.
long filled_data;
std::atomic<bool> filled_ready{false};
void fill() { filled_data = 42; }
void filled() {
  std::thread writer([] {
    fill();
    filled_ready.store(true, std::memory_order_release);
  });
  while (!filled_ready.load(std::memory_order_acquire)) {
  }
  sink = filled_data;
  writer.join();
}

// Races: relaxed on both sides orders nothing.
long relaxed_data;
std::atomic<bool> relaxed_ready{false};
void relaxed() {
  std::thread writer([] {
    relaxed_data = 42;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'relaxed_data' is written by the thread started at {{.*}}.cpp:[[@LINE-2]] without a lock; it is also read at {{.*}}.cpp:[[@LINE+5]]
    relaxed_ready.store(true, std::memory_order_relaxed);
  });
  while (!relaxed_ready.load(std::memory_order_relaxed)) {
  }
  sink = relaxed_data;
  writer.join();
}

// Races: the data is written after the release, so the flag does not cover it.
long late_data;
std::atomic<bool> late_ready{false};
void late() {
  std::thread writer([] {
    late_ready.store(true, std::memory_order_release);
    late_data = 42;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'late_data' is written by the thread started at {{.*}}.cpp:[[@LINE-3]] without a lock; it is also read at {{.*}}.cpp:[[@LINE+4]]
  });
  while (!late_ready.load(std::memory_order_acquire)) {
  }
  sink = late_data;
  writer.join();
}

// Races: the data is read before the acquire.
long early_data;
std::atomic<bool> early_ready{false};
void early() {
  std::thread writer([] {
    early_data = 42;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'early_data' is written by the thread started at {{.*}}.cpp:[[@LINE-2]] without a lock; it is also read at {{.*}}.cpp:[[@LINE+3]]
    early_ready.store(true, std::memory_order_release);
  });
  sink = early_data;
  while (!early_ready.load(std::memory_order_acquire)) {
  }
  writer.join();
}

// Races: released through one flag, acquired through another.
long other_data;
std::atomic<bool> other_written{false}, other_go{false};
void other() {
  std::thread writer([] {
    other_data = 42;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'other_data' is written by the thread started at {{.*}}.cpp:[[@LINE-2]] without a lock; it is also read at {{.*}}.cpp:[[@LINE+6]]
    other_written.store(true, std::memory_order_release);
  });
  std::thread reader([] {
    while (!other_go.load(std::memory_order_acquire)) {
    }
    sink = other_data;
  });
  other_go.store(true, std::memory_order_release);
  writer.join();
  reader.join();
}

int main(int argc, char **argv) {
  const char *which = argc > 1 ? argv[1] : "";
  if (!std::strcmp(which, "flag"))
    flag();
  else if (!std::strcmp(which, "explicit"))
    explicit_orders();
  else if (!std::strcmp(which, "fences"))
    fences();
  else if (!std::strcmp(which, "builtins"))
    builtins();
  else if (!std::strcmp(which, "exchange"))
    exchange();
  else if (!std::strcmp(which, "filled"))
    filled();
  else if (!std::strcmp(which, "relaxed"))
    relaxed();
  else if (!std::strcmp(which, "late"))
    late();
  else if (!std::strcmp(which, "early"))
    early();
  else if (!std::strcmp(which, "other"))
    other();
  return 0;
}

// Checked by the static analysis alone (the shapes, not their timing):

// Published: the value is tested, and the thread gives up when it is not there.
long tested_data;
std::atomic<bool> tested_ready{false};
volatile long quitter_sink; // not `sink`: the reader writes that one
void tested() {
  std::thread writer([] {
    tested_data = 42;
    tested_ready.store(true, std::memory_order_release);
  });
  std::thread reader([] {
    if (tested_ready.load(std::memory_order_acquire))
      sink = tested_data;
  });
  std::thread quitter([] {
    if (!tested_ready.load(std::memory_order_acquire))
      return;
    quitter_sink = tested_data;
  });
  writer.join();
  reader.join();
  quitter.join();
}

// Races: counting on an atomic orders nothing between the counters' users:
// the other thread's increment may come before or after.
std::atomic<int> ticks{0};
long counted = 0;
void count() {
  ++ticks;
  ++counted;
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'counted' is written by the thread started at {{.*}}.cpp:[[@LINE+4]] without a lock; it is also written at {{.*}}.cpp:[[@LINE-1]]
  ++ticks;
}
void counters() {
  std::thread a(count), b(count);
  a.join();
  b.join();
}

// Races: an acquire in the loop's body orders nothing for the body itself.
long spun_data;
std::atomic<bool> spun_ready{false};
void spun() {
  std::thread writer([] {
    spun_data = 42;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'spun_data' is written by the thread started at {{.*}}.cpp:[[@LINE-2]] without a lock; it is also read at {{.*}}.cpp:[[@LINE+4]]
    spun_ready.store(true, std::memory_order_release);
  });
  while (!spun_ready.load(std::memory_order_acquire))
    sink = spun_data;
  writer.join();
}
