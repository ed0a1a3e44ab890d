#include <concur/pool/thread_pool.hpp>
#include <concur/sync/channel.hpp>
#include <concur/task/cancelled.hpp>
#include <concur/task/run.hpp>
#include <concur/task/spawn.hpp>
#include <concur/task/yield.hpp>

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace {

TEST(Channel, ProducerConsumerInOrder) {
  auto body = []() -> concur::task<std::vector<int>> {
    concur::channel<int> ch(2);
    auto producer = [&]() -> concur::task<void> {
      for (int i = 0; i < 100; ++i)
        co_await ch.send(i);
      ch.close();
    };
    auto p = concur::spawn(producer());
    std::vector<int> got;
    while (auto v = co_await ch.receive())
      got.push_back(*v);
    co_await p;
    co_return got;
  };
  auto got = concur::run(body());
  ASSERT_EQ(got.size(), 100u);
  for (int i = 0; i < 100; ++i)
    EXPECT_EQ(got[i], i);
}

TEST(Channel, ManyProducersManyConsumers) {
  auto body = []() -> concur::task<long> {
    concur::channel<int> ch(4);
    long sum = 0;
    auto producer = [&](int base) -> concur::task<void> {
      for (int i = 0; i < 1000; ++i)
        co_await ch.send(base + i);
    };
    auto consumer = [&]() -> concur::task<void> {
      while (auto v = co_await ch.receive())
        sum += *v;
    };
    std::vector<concur::join_handle<void>> ps, cs;
    for (int i = 0; i < 4; ++i)
      ps.push_back(concur::spawn(producer(i * 1000)));
    for (int i = 0; i < 3; ++i)
      cs.push_back(concur::spawn(consumer()));
    for (auto &p : ps)
      co_await p;
    ch.close();
    for (auto &c : cs)
      co_await c;
    co_return sum;
  };
  EXPECT_EQ(concur::run(body()), 3999L * 4000 / 2);
}

TEST(Channel, MoveOnlyValues) {
  auto body = []() -> concur::task<int> {
    concur::channel<std::unique_ptr<int>> ch(1);
    co_await ch.send(std::make_unique<int>(3));
    auto v = co_await ch.receive();
    co_return **v;
  };
  EXPECT_EQ(concur::run(body()), 3);
}

TEST(Channel, CloseWakesBlockedSendersWithAnError) {
  auto body = []() -> concur::task<bool> {
    concur::channel<std::string> ch(1);
    EXPECT_TRUE(ch.try_send("a"));
    EXPECT_FALSE(ch.try_send("b")); // full
    auto sender = [&]() -> concur::task<void> { co_await ch.send("c"); };
    auto h = concur::spawn(sender());
    co_await concur::yield_now();
    ch.close();
    EXPECT_THROW(co_await h, concur::channel_closed);
    EXPECT_THROW(ch.try_send("d"), concur::channel_closed);
    auto first = co_await ch.receive(); // buffered values survive close
    auto end = co_await ch.receive();
    co_return first == "a" && !end.has_value();
  };
  EXPECT_TRUE(concur::run(body()));
}

TEST(Channel, CancelledReceiverLosesNothing) {
  auto body = []() -> concur::task<int> {
    concur::channel<int> ch(1);
    auto receiver = [&]() -> concur::task<void> { (void)co_await ch.receive(); };
    auto h = concur::spawn(receiver());
    co_await concur::yield_now();
    h.cancel();
    EXPECT_THROW(co_await h, concur::cancelled);
    co_await ch.send(9);
    co_return *ch.try_receive();
  };
  EXPECT_EQ(concur::run(body()), 9);
}

TEST(Channel, AcrossThreads) {
  concur::thread_pool pool(2);
  auto body = [&]() -> concur::task<long> {
    concur::channel<int> ch(8);
    auto producer = [&]() -> concur::task<void> {
      co_await pool.schedule(); // sends from a pool thread
      for (int i = 1; i <= 5000; ++i)
        co_await ch.send(i);
      ch.close();
    };
    auto p = concur::spawn(producer());
    long sum = 0;
    while (auto v = co_await ch.receive())
      sum += *v;
    co_await p;
    co_return sum;
  };
  EXPECT_EQ(concur::run(body()), 5000L * 5001 / 2);
}

TEST(Channel, ZeroCapacityIsRejected) {
  EXPECT_THROW(concur::channel<int>(0), std::invalid_argument);
}

} // namespace
