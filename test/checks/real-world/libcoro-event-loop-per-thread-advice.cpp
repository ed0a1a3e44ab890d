// RUN: %check_concur %s concur-concurrency-model %t -- -pthread
// Reproduces libcoro test/bench.cpp:761 ("recommended model: cpu-pool (10 threads doing
// CPU work ...)"): each thread runs its own event loop (sync_wait over many network
// tasks); that is one event loop per core already, not CPU-bound work.

#include <thread>
#include <vector>

namespace coro {
struct task {};
struct scheduler {};
task make_client_task(scheduler &s); // a coroutine doing socket I/O on s
task when_all(std::vector<task> tasks);
void sync_wait(task t); // runs the task (and the loop it needs) to completion on this thread
} // namespace coro

void no_warning_loop_per_thread(unsigned client_count) {
  std::vector<std::thread> client_threads;
  for (unsigned i = 0; i < 10; ++i)
    client_threads.emplace_back([] {
      coro::scheduler s;
      std::vector<coro::task> tasks;
      for (unsigned c = 0; c < 100; ++c)
        tasks.push_back(coro::make_client_task(s));
      coro::sync_wait(coro::when_all(std::move(tasks)));
    });
  for (auto &t : client_threads)
    t.join();
}
