#include <concur/pool/resume_on.hpp>
#include <concur/task/run.hpp>

#include <gtest/gtest.h>

namespace {

TEST(ResumeOn, HopsBetweenPoolAndLoop) {
  concur::thread_pool pool(2);
  auto body = [&]() -> concur::task<int> {
    auto *loop = concur::event_loop::current();
    int score = 0;
    co_await concur::resume_on(pool);
    score += pool.on_worker_thread();
    co_await concur::resume_on(*loop);
    score += loop->on_loop_thread();
    co_return score;
  };
  EXPECT_EQ(concur::run(body()), 2);
}

static_assert(concur::executor<concur::thread_pool>);
static_assert(concur::executor<concur::event_loop>);
static_assert(!concur::executor<int>);

} // namespace
