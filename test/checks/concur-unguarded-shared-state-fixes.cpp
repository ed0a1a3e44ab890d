// RUN: %check_concur %s concur-unguarded-shared-state %t -- -pthread

// The fix-it: a scalar whose every use is a load, a store, ++/-- or a
// compound assignment std::atomic has becomes std::atomic<T>, with <atomic>
// included. The runner compiles the fixed file.

#include <cstdio>
#include <thread>
// CHECK-FIXES: #include <atomic>

long hits = 0;
// CHECK-FIXES: {{^}}std::atomic<long> hits = 0;{{$}}
bool stopping = false;
// CHECK-FIXES: {{^}}std::atomic<bool> stopping = false;{{$}}
unsigned long flags = 0;
// CHECK-FIXES: {{^}}std::atomic<unsigned long> flags = 0;{{$}}

struct Node {
  int value;
};
Node nodes[4];
Node *current = nodes;
// CHECK-FIXES: {{^}}std::atomic<Node *> current = nodes;{{$}}

void worker() {
  while (!stopping) {
    hits++;
    flags |= 4;
    ++current;
  }
}
// CHECK-MESSAGES: :[[@LINE-6]]:11: warning: 'stopping' is read by the thread
// CHECK-MESSAGES: :[[@LINE-6]]:5: warning: 'hits' is written
// CHECK-MESSAGES: :[[@LINE-6]]:5: warning: 'flags' is written
// CHECK-MESSAGES: :[[@LINE-6]]:7: warning: 'current' is written

void atomic_fixes() {
  std::thread t(worker);
  long seen = hits;
  flags = 0;
  Node *at = current;
  stopping = true;
  t.join();
  (void)seen;
  (void)at;
}

struct Meter {
  static int instances;
  // CHECK-FIXES: {{^}}  static std::atomic<int> instances;{{$}}
  int ticks = 0;
  // CHECK-FIXES: {{^}}  std::atomic<int> ticks = 0;{{$}}
  void tick() {
    ticks += 1;
    instances++;
  }
  // CHECK-MESSAGES: :[[@LINE-3]]:5: warning: 'm.ticks' is written
  // CHECK-MESSAGES: :[[@LINE-3]]:5: warning: 'Meter::instances' is written
};
int Meter::instances = 0;
// CHECK-FIXES: {{^}}std::atomic<int> Meter::instances = 0;{{$}}

void static_member_and_field() {
  Meter m;
  std::thread t(&Meter::tick, &m);
  int now = m.ticks + Meter::instances;
  t.join();
  (void)now;
}

void local_by_reference() {
  int done = 0;
  // CHECK-FIXES: {{^}}  std::atomic<int> done = 0;{{$}}
  std::thread t([&done] { done = 1; });
  // CHECK-MESSAGES: :[[@LINE-1]]:27: warning: 'done' is written
  while (done == 0) {
  }
  t.join();
}

// No fix where std::atomic<T> would not compile or would change meaning.
int doubled = 1;
// CHECK-FIXES: {{^}}int doubled = 1;{{$}}
int printed = 0;
// CHECK-FIXES: {{^}}int printed = 0;{{$}}
int addressed = 0;
// CHECK-FIXES: {{^}}int addressed = 0;{{$}}
int copied = 0;
// CHECK-FIXES: {{^}}int copied = 0;{{$}}
double ratio = 0;
// CHECK-FIXES: {{^}}double ratio = 0;{{$}}

void no_fix_worker() {
  doubled *= 2; // std::atomic has no *=.
  printed++;
  addressed++;
  copied++;
  ratio += 0.5;
}
// CHECK-MESSAGES: :[[@LINE-6]]:3: warning: 'doubled' is written
// CHECK-MESSAGES: :[[@LINE-6]]:3: warning: 'printed' is written
// CHECK-MESSAGES: :[[@LINE-6]]:3: warning: 'addressed' is written
// CHECK-MESSAGES: :[[@LINE-6]]:3: warning: 'copied' is written
// CHECK-MESSAGES: :[[@LINE-6]]:3: warning: 'ratio' is written

void no_fix() {
  std::thread t(no_fix_worker);
  std::printf("%d\n", printed); // A variadic argument.
  int *p = &addressed;
  int a = *p;
  auto c = copied; // Would deduce std::atomic<int>.
  double r = ratio;
  int d = doubled;
  t.join();
  (void)a;
  (void)c;
  (void)r;
  (void)d;
}
