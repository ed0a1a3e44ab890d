// Memory locations ([intro.memory]): two threads race only when they touch
// one. Elements at two different constant indices are two locations; the
// same index, or an index that is not a constant, may be one. Adjacent
// bit-fields are one location (a write of one rewrites its neighbours), and
// so are the packed elements of a std::vector<bool>. ThreadSanitizer agrees
// with every case it runs: the separate ones run clean, the shared ones race.
//
// RUN: %check_concur %s concur-unguarded-shared-state %t -- -pthread
// RUN: not %concur check --quiet %s -- -std=c++20 -pthread 2>&1 | FileCheck %s --check-prefix=BITS
// RUN: g++ -std=c++20 -fsanitize=thread -pthread -g -O1 %s -o %t.tsan
// RUN: %t.tsan slots 2>&1 | FileCheck %s --check-prefix=CLEAN --allow-empty
// RUN: %t.tsan fields 2>&1 | FileCheck %s --check-prefix=CLEAN --allow-empty
// RUN: %t.tsan separated 2>&1 | FileCheck %s --check-prefix=CLEAN --allow-empty
// RUN: env TSAN_OPTIONS=exitcode=66 not %t.tsan same 2>&1 | FileCheck %s --check-prefix=RACE
// RUN: env TSAN_OPTIONS=exitcode=66 not %t.tsan bits 2>&1 | FileCheck %s --check-prefix=RACE
// RUN: env TSAN_OPTIONS=exitcode=66 not %t.tsan packed 2>&1 | FileCheck %s --check-prefix=RACE
// RUN: env TSAN_OPTIONS=exitcode=66 not %t.tsan stripes 2>&1 | FileCheck %s --check-prefix=RACE
// CLEAN-NOT: ThreadSanitizer
// RACE: WARNING: ThreadSanitizer: data race

#include <array>
#include <cstring>
#include <mutex>
#include <thread>
#include <vector>

// Separate: each thread its own slot of an array, a std::array and a
// std::vector, named by literals, a constexpr and an enumerator.
constexpr int Second = 1;
enum Slot { First };
long counts[2];
std::array<long, 2> totals;
std::vector<long> sizes(2);
void slots() {
  std::thread a([] {
    counts[0]++;
    totals[First]++;
    sizes[0] = 1;
  });
  std::thread b([] {
    counts[Second]++;
    totals[1]++;
    sizes[Second] = 2;
  });
  a.join();
  b.join();
}

// Separate: one field of each thread's own argument struct.
struct Job {
  int input;
  long result;
};
Job jobs[2];
void fields() {
  std::thread a([] { jobs[0].result = jobs[0].input * 2; });
  std::thread b([] { jobs[1].result = jobs[1].input * 2; });
  a.join();
  b.join();
}

// Separate: an unnamed zero-width bit-field ends the run, and a member that
// is not a bit-field is a location of its own.
struct Split {
  unsigned ready : 1;
  unsigned : 0;
  unsigned failed : 1;
  int code;
  unsigned more : 7;
};
Split split;
void separated() {
  std::thread a([] {
    split.ready = 1;
    split.code = 3;
  });
  std::thread b([] {
    split.failed = 1;
    split.more = 5;
  });
  a.join();
  b.join();
}

// Shared: the same constant index from both threads.
long last[4];
void same() {
  std::thread a([] { last[2] = 1; });
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: 'last[2]' is written by the thread started at {{.*}}.cpp:[[@LINE-1]] without a lock; it is also written at {{.*}}.cpp:[[@LINE+1]]
  std::thread b([] { last[2] = 2; });
  a.join();
  b.join();
}

// Shared: an index that is not a constant may be any of them.
long hits[4];
void anywhere(int i) {
  std::thread a([i] { hits[i]++; });
  // CHECK-MESSAGES: :[[@LINE-1]]:23: warning: 'hits[]' is written by the thread started at {{.*}}.cpp:[[@LINE-1]] without a lock; it is also written at {{.*}}.cpp:[[@LINE+1]]
  std::thread b([] { hits[3]++; });
  a.join();
  b.join();
}

// Shared: adjacent bit-fields are one memory location.
struct Flags {
  unsigned open : 1;
  unsigned dirty : 1;
  unsigned spare : 6;
};
Flags flags;
void bits() {
  std::thread a([] { flags.open = 1; });
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: 'flags.open' is written by the thread started at {{.*}}.cpp:[[@LINE-1]] without a lock; 'flags.dirty', in the same memory location, is also written at {{.*}}.cpp:[[@LINE+1]]
  std::thread b([] { flags.dirty = 1; });
  // BITS: :[[@LINE-1]]:22: note: 'flags.dirty' is also written here by the thread started at {{.*}}.cpp:[[@LINE-1]]
  // BITS: :[[@LINE-9]]:12: note: 'flags.open' and 'flags.dirty' are adjacent bit-fields: one memory location, which a write of either rewrites whole; hold one lock for both, or end the run with an unnamed ':0' bit-field between them
  a.join();
  b.join();
}

// Shared: std::vector<bool> packs its elements into words.
std::vector<bool> seen(64);
void packed() {
  std::thread a([] { seen[0] = true; });
  // CHECK-MESSAGES: :[[@LINE-1]]:22: warning: 'seen[]' is written by the thread started at {{.*}}.cpp:[[@LINE-1]] without a lock; it is also written at {{.*}}.cpp:[[@LINE+1]]
  std::thread b([] { seen[1] = true; });
  a.join();
  b.join();
}

// Shared: two different mutexes of an array exclude nothing.
std::mutex stripe[2];
long balance;
void stripes() {
  std::thread a([] {
    std::lock_guard<std::mutex> g(stripe[0]);
    balance += 1;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'balance' is written by the thread started at {{.*}}.cpp:[[@LINE-3]] holding 'stripe[0]'; it is also written at {{.*}}.cpp:[[@LINE+4]] holding 'stripe[1]'
  });
  std::thread b([] {
    std::lock_guard<std::mutex> g(stripe[1]);
    balance -= 1;
  });
  a.join();
  b.join();
}

// Not reported: a mutex named by an index that is not a constant may be the
// one the other thread holds.
std::mutex shard[2];
long shared_total;
void maybe_same(int i) {
  std::thread a([i] {
    std::lock_guard<std::mutex> g(shard[i]);
    shared_total++;
  });
  std::thread b([] {
    std::lock_guard<std::mutex> g(shard[0]);
    shared_total++;
  });
  a.join();
  b.join();
}

// Shared: memcpy into &buf[2] covers the bytes after it too.
char buf[16];
void copied() {
  std::thread a([] { std::memcpy(&buf[2], "abcdef", 6); });
  // CHECK-MESSAGES: :[[@LINE-1]]:34: warning: 'buf[]' is written by the thread started at {{.*}}.cpp:[[@LINE-1]] without a lock; it is also written at {{.*}}.cpp:[[@LINE+1]]
  std::thread b([] { buf[5] = 'x'; });
  a.join();
  b.join();
}

int main(int argc, char **argv) {
  const char *which = argc > 1 ? argv[1] : "";
  if (!std::strcmp(which, "slots"))
    slots();
  else if (!std::strcmp(which, "fields"))
    fields();
  else if (!std::strcmp(which, "separated"))
    separated();
  else if (!std::strcmp(which, "same"))
    same();
  else if (!std::strcmp(which, "bits"))
    bits();
  else if (!std::strcmp(which, "packed"))
    packed();
  else if (!std::strcmp(which, "stripes"))
    stripes();
  else if (!std::strcmp(which, "anywhere"))
    anywhere(argc);
  else if (!std::strcmp(which, "maybe_same"))
    maybe_same(argc);
  else if (!std::strcmp(which, "copied"))
    copied();
  return 0;
}
