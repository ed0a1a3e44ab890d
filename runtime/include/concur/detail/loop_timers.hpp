#pragma once
// The event loop's timers (sleep_for, timeout): the heap of timer nodes parked in the sleeping
// frames, and the two questions the loop asks of it on each iteration: how long may it wait
// in epoll, and which timers are due now.

#include <chrono>

#include "concur/detail/timer_heap.hpp"

namespace concur::detail {

class loop_timers {
public:
  using clock = std::chrono::steady_clock;

  void add(timer_node &n) { heap_.push(&n); }
  void cancel(timer_node &n) noexcept { heap_.erase(&n); }
  /// Forgets every timer; a parked frame destroyed afterwards then leaves the heap alone.
  void clear() noexcept { heap_.clear(); }

  /// The earliest deadline, or time_point::max() when no timer is queued (a sleep "forever"
  /// has that deadline too: either way the loop may wait without limit).
  clock::time_point next_deadline() const noexcept {
    return heap_.empty() ? clock::time_point::max() : heap_.top()->deadline;
  }

  /// Fires the timers whose deadline has passed, earliest first. A timer is off the heap
  /// before it fires, so its fire function may add or cancel timers.
  void fire_due() {
    if (heap_.empty())
      return;
    auto now = clock::now();
    while (!heap_.empty() && heap_.top()->deadline <= now) {
      timer_node *n = heap_.top();
      heap_.erase(n);
      n->fire(n);
    }
  }

private:
  timer_heap heap_;
};

} // namespace concur::detail
