#pragma once
// Schedule perturbation for tests, in the spirit of Tokio's loom (a much weaker cousin: it
// does not enumerate interleavings, it shakes them). Compiled in only with
// -DCONCUR_PERTURB=1; then every synchronisation point of the runtime (parking on a primitive,
// waking a waiter, posting to a loop, handing work to a pool, loop teardown) calls
// perturb_point(), which, when enabled, sometimes yields the thread or sleeps a few
// microseconds. Without the macro perturb_point() is empty and costs nothing.
//
// Enabled by the environment (CONCUR_PERTURB_SEED=<n>, n != 0) or from a test with
// set_perturbation(seed). The decisions are a pure function of the seed, the thread's order of
// first use and its count of points passed: a seed reproduces the same pattern of delays (the
// OS scheduler still adds its own noise, so a failure is made likely, not certain).

#include <atomic>
#include <cstdint>
#include <cstdlib>

#if defined(CONCUR_PERTURB) && CONCUR_PERTURB
#include <chrono>
#include <thread>
#endif

namespace concur::detail {

#if defined(CONCUR_PERTURB) && CONCUR_PERTURB

inline std::atomic<std::uint64_t> &perturb_seed() noexcept {
  static std::atomic<std::uint64_t> seed{[] {
    const char *v = std::getenv("CONCUR_PERTURB_SEED");
    return v ? std::strtoull(v, nullptr, 10) : 0ull;
  }()};
  return seed;
}

/// Sets the seed (0 disables perturbation). Threads pick it up at their next point.
inline void set_perturbation(std::uint64_t seed) noexcept {
  perturb_seed().store(seed, std::memory_order_relaxed);
}

/// Points passed while perturbation was enabled (tests check that the mode is not dead).
inline std::atomic<std::uint64_t> &perturb_points_passed() noexcept {
  static std::atomic<std::uint64_t> n{0};
  return n;
}

inline void perturb_point() noexcept {
  const std::uint64_t seed = perturb_seed().load(std::memory_order_relaxed);
  if (seed == 0)
    return;
  perturb_points_passed().fetch_add(1, std::memory_order_relaxed);
  static std::atomic<std::uint64_t> threads{0};
  thread_local std::uint64_t state = 0, seen_seed = 0;
  if (seen_seed != seed) { // first use on this thread, or a new seed
    seen_seed = seed;
    state = seed * 0x9E3779B97F4A7C15ull + threads.fetch_add(1, std::memory_order_relaxed) + 1;
  }
  // xorshift64*
  state ^= state >> 12;
  state ^= state << 25;
  state ^= state >> 27;
  const std::uint64_t r = state * 0x2545F4914F6CDD1Dull;
  switch (r % 16) {
  case 0:
  case 1:
  case 2:
    std::this_thread::yield();
    break;
  case 3:
    std::this_thread::sleep_for(std::chrono::microseconds((r >> 8) % 50));
    break;
  default:
    break;
  }
}

#else

inline void set_perturbation(std::uint64_t) noexcept {}
inline void perturb_point() noexcept {}
inline std::atomic<std::uint64_t> &perturb_points_passed() noexcept {
  static std::atomic<std::uint64_t> n{0};
  return n;
}

#endif

/// True when the runtime was compiled with perturbation points.
inline constexpr bool perturbation_compiled_in =
#if defined(CONCUR_PERTURB) && CONCUR_PERTURB
    true;
#else
    false;
#endif

} // namespace concur::detail
