#include <chrono>
#include <concur/task/task.hpp>
#include <thread>
using namespace std::chrono_literals;
concur::task<> a() {
  std::this_thread::sleep_for(1ms); // NOLINT
  co_return;
}
concur::task<> b() {
  std::this_thread::sleep_for(2ms);
  std::this_thread::sleep_for(3ms);
  co_return;
}
