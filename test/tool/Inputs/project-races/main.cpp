#include "shared.h"
#include <cstdio>
#include <thread>

long polls = 0;

int main() {
  std::thread worker(worker_main);
  record_job();
  polls = polls + 1;
  long seen = bytes_seen;
  long locked = bytes_so_far();
  worker.join();
  std::printf("%d %ld %ld\n", jobs_done, seen, locked);

  Meter meter;
  std::thread ticking(&Meter::run, &meter);
  meter.reset();
  meter.ticks = 0;
  ticking.join();
  return static_cast<int>(meter.ticks);
}
