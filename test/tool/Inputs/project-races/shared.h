#pragma once
#include <mutex>

extern int jobs_done;   // worker.cpp's thread and stats.cpp's record_job write it
extern long bytes_seen; // add_bytes (stats.cpp) writes it under stats_mutex
extern std::mutex stats_mutex;
extern long polls; // main.cpp's; the worker counts its polls in it

void worker_main();
void record_job();
void add_bytes(long n);
long bytes_so_far();

struct Meter {
  void run();   // meter.cpp: what the meter's thread runs
  void reset(); // meter.cpp: under mu
  long ticks = 0;
  long guarded_ticks = 0;
  std::mutex mu;
};
