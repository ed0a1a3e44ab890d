#include "shared.h"

int jobs_done = 0;

void worker_main() {
  ++jobs_done;
  ++polls;
  add_bytes(10);
}
