// RUN: %check_concur %s concur-unguarded-shared-state %t -- -pthread

// A call to a method whose body the check cannot see (pure virtual, or
// defined in another file) is a call: it does not write the whole object.
// leveldb calls its Env and Logger interfaces from many threads this way.

#include <thread>

struct Logger {
  virtual ~Logger() = default;
  virtual void Logv(const char *format) = 0;
};

struct Table {
  void Compact(); // defined in another translation unit
};

Logger *info_log;
Table table;
int hits = 0;

void no_warning_interface_calls() {
  info_log->Logv("compacting");
  table.Compact();
}

void library_writes_are_still_writes() {
  hits++;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'hits' is written by the thread started at {{.*}}.cpp:[[@LINE+5]] without a lock
}

void start() {
  std::thread a(no_warning_interface_calls), b(no_warning_interface_calls);
  std::thread c(library_writes_are_still_writes), d(library_writes_are_still_writes);
  a.join();
  b.join();
  c.join();
  d.join();
}
