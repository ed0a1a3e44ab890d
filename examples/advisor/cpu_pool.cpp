// A Monte Carlo estimate split into parts, each on its own thread. CPU work
// without I/O: C++ threads run it in parallel. Advisor: cpu-pool.
#include <cstdio>
#include <future>
#include <vector>

static double estimate_pi(unsigned seed, long samples) {
  unsigned long state = seed * 2654435761ul + 1;
  long inside = 0;
  for (long i = 0; i < samples; ++i) {
    state = state * 6364136223846793005ul + 1442695040888963407ul;
    double x = (state >> 11) * 0x1.0p-53;
    state = state * 6364136223846793005ul + 1442695040888963407ul;
    double y = (state >> 11) * 0x1.0p-53;
    inside += x * x + y * y <= 1.0;
  }
  return 4.0 * static_cast<double>(inside) / static_cast<double>(samples);
}

int main() {
  std::vector<unsigned> seeds = {1, 2, 3, 4, 5, 6, 7, 8};
  std::vector<std::future<double>> parts;
  for (unsigned seed : seeds)
    parts.push_back(std::async(std::launch::async, estimate_pi, seed, 10'000'000L));
  double sum = 0;
  for (auto &part : parts)
    sum += part.get();
  std::printf("%f\n", sum / static_cast<double>(parts.size()));
}
