// RUN: %check_concur %s concur-concurrency-model %t -- -pthread
// Reproduces asio src/examples/cpp11/http/server2/io_context_pool.cpp:39 and
// http/server3/server.cpp:56 ("recommended model: thread-pool ... blocking I/O (run)"):
// threads that each run io_context::run() are event-loop threads; the advice to bound
// them with a thread pool describes what the code already is.

#include <cstddef>
#include <thread>
#include <vector>

namespace asio {
class io_context {
public:
  std::size_t run(); // runs the event loop: epoll_wait and handlers
};
} // namespace asio

void no_warning_io_context_threads(asio::io_context &io, std::size_t thread_pool_size) {
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < thread_pool_size; ++i)
    threads.emplace_back([&io] { io.run(); });
  for (auto &t : threads)
    t.join();
}
