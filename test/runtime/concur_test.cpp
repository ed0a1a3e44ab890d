// The umbrella header compiles on its own and exposes every public name.
#include <concur/concur.hpp>

#include <gtest/gtest.h>

namespace {

TEST(Umbrella, EveryNameIsReachable) {
  using namespace std::chrono_literals;
  auto body = []() -> concur::task<int> {
    concur::async_mutex m;
    concur::async_semaphore s(1);
    concur::async_event e(true);
    concur::channel<int> ch(1);
    concur::guarded<int> g(1);
    co_await e.wait();
    auto guard = co_await m.lock();
    co_await ch.send(1);
    co_await concur::sleep_for(1ms);
    co_await concur::yield_now();
    int r = co_await concur::to_thread([] { return 2; });
    co_return *co_await ch.receive() + g.load() + r;
  };
  EXPECT_EQ(concur::run(body()), 4);
}

} // namespace
