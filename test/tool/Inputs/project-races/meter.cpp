#include "shared.h"

void Meter::run() {
  ++ticks;
  std::lock_guard<std::mutex> lock(mu);
  ++guarded_ticks;
}

void Meter::reset() {
  std::lock_guard<std::mutex> lock(mu);
  guarded_ticks = 0;
}
