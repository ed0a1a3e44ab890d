// thread_pool: CPU-bound work runs in parallel on threads (no GIL in C++).
#include <concur/concur.hpp>

#include <cmath>
#include <cstdio>
#include <numeric>
#include <vector>

int main() {
  concur::thread_pool pool;
  std::vector<double> out(1'000'000);
  std::vector<int> idx(out.size());
  std::iota(idx.begin(), idx.end(), 0);
  pool.parallel_for(idx.begin(), idx.end(), [&](int i) { out[i] = std::sqrt(double(i)); });
  auto sum = pool.submit([&] { return std::accumulate(out.begin(), out.end(), 0.0); });
  std::printf("sum of square roots: %.1f\n", sum.get());
}
