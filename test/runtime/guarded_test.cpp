#include <concur/pool/thread_pool.hpp>
#include <concur/sync/guarded.hpp>

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <thread>
#include <vector>

namespace {

TEST(Guarded, WithLockSerialisesThreads) {
  concur::guarded<std::map<int, int>> counts;
  std::vector<std::thread> ts;
  for (int t = 0; t < 4; ++t)
    ts.emplace_back([&] {
      for (int i = 0; i < 1000; ++i)
        counts.with_lock([&](auto &m) { ++m[i % 10]; });
    });
  for (auto &t : ts)
    t.join();
  int total = counts.with_lock([](const auto &m) {
    int s = 0;
    for (auto &[k, v] : m)
      s += v;
    return s;
  });
  EXPECT_EQ(total, 4000);
}

TEST(Guarded, LockedPointerAndLoad) {
  concur::guarded<std::string> s("abc");
  {
    auto p = s.lock();
    p->append("d");
    EXPECT_EQ(*p, "abcd");
  }
  EXPECT_EQ(s.load(), "abcd");
  const auto &cs = s;
  EXPECT_EQ(cs.with_lock([](const std::string &v) { return v.size(); }), 4u);
}

} // namespace
