// RUN: %check_concur %s concur-unguarded-shared-state %t -- -std=c++20 -pthread
// Regression test from docs/real-world.md, survey 13 (libcoro with its
// networking on: src/scheduler.cpp, 7 findings on m_recent_events and
// m_handles_to_resume). The scheduler lets one thread at a time process
// events: a caller of process_events takes an atomic flag with
// compare_exchange_strong(false -> true) and gives it back with exchange(false);
// its own io thread claims the flag with exchange(true) for as long as it
// runs. The flag is a spin lock; what it guards is not raced on. The timer
// list is another matter: the io thread reads it without the timer mutex
// that schedule_at holds to insert, and that is reported. A small stand-in,
// in libcoro's style; the profile calls coro::scheduler thread-safe.

#include <atomic>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

namespace coro {
class scheduler {
public:
  scheduler() : m_io_thread([this] { process_events_dedicated_thread(); }) {}
  ~scheduler() {
    m_shutdown_requested.store(true, std::memory_order::release);
    m_io_thread.join();
  }

  auto process_events(int timeout) -> std::size_t {
    bool expected{false};
    if (m_io_processing.compare_exchange_strong(expected, true, std::memory_order::release,
                                                std::memory_order::relaxed)) {
      process_events_execute(timeout);
      m_io_processing.exchange(false, std::memory_order::release);
    }
    return m_size.load(std::memory_order::acquire);
  }

  auto schedule_at(long tp, int handle) -> void {
    std::scoped_lock lk{m_timed_events_mutex};
    m_timed_events.emplace(tp, handle);
  }

private:
  auto process_events_dedicated_thread() -> void {
    m_io_processing.exchange(true, std::memory_order::release);
    while (!m_shutdown_requested.load(std::memory_order::acquire))
      process_events_execute(10);
    m_io_processing.exchange(false, std::memory_order::release);
  }

  auto process_events_execute(int timeout) -> void {
    m_recent_events.clear();
    m_recent_events.push_back(timeout);
    for (int event : m_recent_events)
      m_handles_to_resume.push_back(event);
    m_handles_to_resume.clear();
    update_timeout();
  }

  auto update_timeout() -> void {
    if (!m_timed_events.empty())
      // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'm_timed_events' is read by the thread started at {{.*}}.cpp:22 holding 'm_io_processing'; it is also written at {{.*}}.cpp:40 holding 'm_timed_events_mutex' [concur-unguarded-shared-state]
      m_next_timeout = m_timed_events.begin()->first;
  }

  std::atomic<bool> m_io_processing{false};
  std::atomic<bool> m_shutdown_requested{false};
  std::atomic<std::size_t> m_size{0};
  std::vector<int> m_recent_events;
  std::vector<int> m_handles_to_resume;
  std::mutex m_timed_events_mutex;
  std::multimap<long, int> m_timed_events;
  long m_next_timeout = 0;
  std::thread m_io_thread;
};
} // namespace coro

int main() {
  coro::scheduler s;
  s.schedule_at(5, 1);
  return static_cast<int>(s.process_events(0));
}
