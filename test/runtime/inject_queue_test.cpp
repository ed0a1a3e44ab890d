// The thread pool's injection queue on its own: order, closing, segments, many threads.
#include <concur/detail/inject_queue.hpp>

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

namespace {

using concur::detail::callback;
using concur::detail::inject_queue;

// Runs every job taken, `max` at a time; returns how many ran.
std::size_t drain(inject_queue &q, std::size_t max) {
  std::size_t total = 0, n = 0;
  bool more = false;
  do {
    n = q.pop_batch(max, [](callback &&job) { job(); }, more);
    total += n;
  } while (n > 0);
  return total;
}

TEST(InjectQueue, FirstInFirstOutAcrossSegments) {
  inject_queue q;
  std::vector<int> order;
  for (int i = 0; i < 1000; ++i) // several 256-slot segments
    ASSERT_TRUE(q.push(callback([&order, i] { order.push_back(i); })));
  EXPECT_TRUE(q.nonempty());
  EXPECT_EQ(drain(q, 7), 1000u);
  EXPECT_FALSE(q.nonempty());
  ASSERT_EQ(order.size(), 1000u);
  for (int i = 0; i < 1000; ++i)
    ASSERT_EQ(order[i], i);
}

TEST(InjectQueue, PopBatchSaysWhetherJobsAreLeft) {
  inject_queue q;
  for (int i = 0; i < 5; ++i)
    q.push(callback([] {}));
  bool more = false;
  EXPECT_EQ(q.pop_batch(3, [](callback &&) {}, more), 3u);
  EXPECT_TRUE(more);
  EXPECT_EQ(q.pop_batch(3, [](callback &&) {}, more), 2u);
  EXPECT_FALSE(more);
  EXPECT_EQ(q.pop_batch(3, [](callback &&) {}, more), 0u);
  EXPECT_FALSE(more);
}

TEST(InjectQueue, ClosedQueueRefusesPushesAndLeavesTheJobWithTheCaller) {
  inject_queue q;
  int ran = 0;
  ASSERT_TRUE(q.push(callback([&] { ++ran; })));
  EXPECT_FALSE(q.close());
  EXPECT_TRUE(q.close()); // already closed
  EXPECT_TRUE(q.closed());
  callback refused([&] { ran += 10; });
  EXPECT_FALSE(q.push(std::move(refused)));
  ASSERT_TRUE(refused); // not consumed: the caller still owns it
  refused();
  EXPECT_EQ(drain(q, 4), 1u); // what was queued before closing is still there
  EXPECT_EQ(ran, 11);
}

TEST(InjectQueue, DestroyingTheQueueDestroysQueuedJobs) {
  auto token = std::make_shared<int>(0);
  {
    inject_queue q;
    for (int i = 0; i < 600; ++i)
      q.push(callback([token] {}));
    EXPECT_EQ(token.use_count(), 601);
  }
  EXPECT_EQ(token.use_count(), 1);
}

TEST(InjectQueue, SegmentsAreReusedAfterBeingUsedUp) {
  // Many laps of fill and drain, larger than the free list: every job runs once, in order.
  inject_queue q;
  long expected = 0, next = 0;
  for (int lap = 0; lap < 50; ++lap) {
    for (int i = 0; i < 300 + lap * 37; ++i, ++expected)
      q.push(callback([&next, id = expected] {
        ASSERT_EQ(next, id);
        ++next;
      }));
    drain(q, 32);
    ASSERT_EQ(next, expected);
  }
}

TEST(InjectQueue, ManyProducersAndConsumersTakeEveryJobExactlyOnce) {
  constexpr int producers = 3, consumers = 2, per_producer = 20000;
  inject_queue q;
  std::vector<std::atomic<int>> seen(producers * per_producer);
  std::atomic<int> producers_done{0};
  std::vector<std::thread> threads;
  for (int p = 0; p < producers; ++p)
    threads.emplace_back([&, p] {
      for (int i = 0; i < per_producer; ++i)
        ASSERT_TRUE(
            q.push(callback([&seen, id = p * per_producer + i] { seen[id].fetch_add(1); })));
      producers_done.fetch_add(1);
    });
  for (int c = 0; c < consumers; ++c)
    threads.emplace_back([&] {
      bool more = false;
      for (;;) {
        bool finished = producers_done.load() == producers;
        if (q.pop_batch(16, [](callback &&job) { job(); }, more) == 0 && finished)
          return;
      }
    });
  for (auto &t : threads)
    t.join();
  for (auto &s : seen)
    ASSERT_EQ(s.load(), 1);
}

} // namespace
