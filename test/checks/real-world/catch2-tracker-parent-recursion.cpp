// RUN: %check_concur %s concur-unguarded-shared-state %t -- -std=c++20 -pthread
// Regression test from docs/real-world.md, survey 13 (Catch2's
// catch_amalgamated.cpp, which libcoro's tests compile: a section tracker
// opens its parent, which opens its parent, ...). Each round of the fixed
// point put one more `m_parent->` in front of the accesses, up to 4000
// accesses of paths 2000 steps long per function (a 479 MB project index,
// read by every file). Paths longer than any code spells are dropped; the
// race on the tracker the thread is given is reported once, at its own
// depth. A small stand-in, in Catch2's style.

#include <thread>

namespace Catch {
namespace TestCaseTracking {

class ITracker {
public:
  explicit ITracker(ITracker *parent) : m_parent(parent) {}
  void open();
  int m_runState = 0;
  ITracker *m_parent = nullptr;
};

void ITracker::open() {
  m_runState = 1;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'section.m_runState' is written by the thread started at {{.*}}.cpp:36 without a lock; it is also written at {{.*}}.cpp:37 [concur-unguarded-shared-state]
  if (m_parent)
    m_parent->open();
}

} // namespace TestCaseTracking
} // namespace Catch

int main() {
  Catch::TestCaseTracking::ITracker root(nullptr), section(&root);
  std::thread runner(&Catch::TestCaseTracking::ITracker::open, &section);
  section.m_runState = 2;
  runner.join();
}
