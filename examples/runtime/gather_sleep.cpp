// gather + sleep_for: three tasks wait concurrently, so the whole takes ~30 ms, not 60.
#include <concur/concur.hpp>

#include <chrono>
#include <cstdio>

using namespace std::chrono_literals;

concur::task<int> after(std::chrono::milliseconds d, int v) {
  co_await concur::sleep_for(d);
  co_return v;
}

int main() {
  auto t0 = std::chrono::steady_clock::now();
  auto [a, b, c] = concur::run(concur::gather(after(10ms, 1), after(20ms, 2), after(30ms, 3)));
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0);
  std::printf("%d %d %d in %lld ms\n", a, b, c, static_cast<long long>(ms.count()));
}
