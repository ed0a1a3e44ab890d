#include <concur/concur.hpp>

#include <chrono>
#include <cstdio>

concur::task<int> body() {
  co_await concur::sleep_for(std::chrono::milliseconds(1));
  int v = co_await concur::to_thread([] { return 41; });
  co_return v + 1;
}

int main() {
  int v = concur::run(body());
  std::printf("consumer: %d\n", v);
  return v == 42 ? 0 : 1;
}
