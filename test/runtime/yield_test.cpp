#include <concur/task/run.hpp>
#include <concur/task/spawn.hpp>
#include <concur/task/yield.hpp>

#include <gtest/gtest.h>

#include <string>

namespace {

TEST(Yield, LetsOtherTasksRun) {
  auto body = []() -> concur::task<std::string> {
    std::string trace;
    auto worker = [&](char c) -> concur::task<void> {
      for (int i = 0; i < 3; ++i) {
        trace += c;
        co_await concur::yield_now();
      }
    };
    auto a = concur::spawn(worker('a'));
    auto b = concur::spawn(worker('b'));
    co_await a;
    co_await b;
    co_return trace;
  };
  EXPECT_EQ(concur::run(body()), "ababab");
}

} // namespace
