#include "shared.h"

long bytes_seen = 0;
std::mutex stats_mutex;

void record_job() { jobs_done = jobs_done + 1; }

void add_bytes(long n) {
  std::lock_guard<std::mutex> lock(stats_mutex);
  bytes_seen += n;
}

long bytes_so_far() {
  std::lock_guard<std::mutex> lock(stats_mutex);
  return bytes_seen;
}
