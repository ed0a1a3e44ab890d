#pragma once
// How long a thread that ran out of work may spin for more before it sleeps: the loop waiting
// for an offloaded call's continuation, a pool's idle worker waiting for the next job.
//
// Spinning pays only while the thread that will hand the work over runs on another core at
// the same time. With one CPU in the affinity mask (`taskset -c 0`, a one-CPU container or CI
// runner) the spinner burns the very time slice the other thread needs: to_thread's round
// trip went from 0.5 us to 224 us. On a busy host the same happens whenever the other thread
// is not running. So: no spinning with one usable CPU, and a budget that shrinks while spins
// come up empty and grows while they pay (docs/performance.md has the measurements).

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <thread>

#if defined(__linux__)
#include <sched.h>
#endif

#include "concur/detail/spin_lock.hpp"

namespace concur::detail {

/// The CPUs the calling thread may run on (its affinity mask, which threads it starts
/// inherit), or the hardware's count where there is no mask to read.
inline unsigned usable_cpus() noexcept {
#if defined(__linux__)
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0)
    return static_cast<unsigned>(CPU_COUNT(&set));
#endif
  const unsigned n = std::thread::hardware_concurrency();
  return n ? n : 1;
}

/// One spinner's budget. Not thread-safe: each spinning thread (the loop, a pool worker) owns
/// its own.
///
/// A spin that found its work doubles the next one (up to the longest); one that came up empty
/// halves it, down to none. Measured on two cores shared with other processes, a spin mostly
/// fails there because the thread it waits for was asleep and is queued behind the spinner
/// itself: sleeping is then the faster way too. With the budget spent, one idle moment in 256
/// still spins for the longest, so spinning resumes when the host is quiet again (an idle
/// thread is woken within the longest spin, and then the two keep each other hot).
class spin_budget {
public:
  /// `cpus` is usable_cpus() of the thread that will spin, read when the executor starts.
  spin_budget(std::chrono::nanoseconds longest, unsigned cpus) noexcept
      : longest_(cpus > 1 ? longest.count() : 0), now_(longest_) {}

  /// How long to spin this time; zero: sleep at once. Call once per idle moment.
  std::chrono::nanoseconds next() noexcept {
    if (now_ == 0 && longest_ > 0 && (++spent_ & 255) == 0)
      return std::chrono::nanoseconds(longest_);
    return std::chrono::nanoseconds(now_);
  }

  /// The spin found its work.
  void paid() noexcept { now_ = std::min(longest_, std::max(now_, shortest) * 2); }

  /// The spin came up empty.
  void wasted() noexcept { now_ = now_ / 2 < shortest ? 0 : now_ / 2; }

  /// False when spinning can never pay here (one usable CPU).
  bool allowed() const noexcept { return longest_ > 0; }

private:
  // A few dozen pause instructions: shorter spins rarely see a hand-over from another core.
  static constexpr std::int64_t shortest = 1000;
  std::int64_t longest_;
  std::int64_t now_;
  std::uint32_t spent_ = 0;
};

/// Spins for work as \p budget allows, not past \p not_after (a timer due: then not at all):
/// true as soon as ready() holds, false when the spin ran out. Teaches the budget either way.
template <class Ready>
bool spin_for(spin_budget &budget, Ready &&ready,
              std::chrono::steady_clock::time_point not_after =
                  std::chrono::steady_clock::time_point::max()) noexcept {
  const auto spin = budget.next();
  if (spin.count() == 0)
    return false;
  const auto until = std::chrono::steady_clock::now() + spin;
  if (not_after < until)
    return false;
  for (int i = 1;; ++i) {
    if (ready()) {
      budget.paid();
      return true;
    }
    cpu_relax();
    if ((i & 15) == 0 && std::chrono::steady_clock::now() >= until) {
      budget.wasted();
      return false;
    }
  }
}

} // namespace concur::detail
