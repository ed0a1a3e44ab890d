// to_thread: a blocking call runs on the blocking pool while the loop keeps ticking.
#include <concur/concur.hpp>

#include <chrono>
#include <cstdio>
#include <thread>

using namespace std::chrono_literals;

concur::task<void> ticker() {
  for (int i = 0; i < 5; ++i) {
    co_await concur::sleep_for(10ms);
    std::printf("tick %d\n", i);
  }
}

concur::task<void> body() {
  auto t = concur::spawn(ticker());
  int answer = co_await concur::to_thread([] {
    std::this_thread::sleep_for(60ms); // stands in for a blocking library call
    return 42;
  });
  std::printf("blocking call returned %d\n", answer);
  co_await t;
}

int main() { concur::run(body()); }
