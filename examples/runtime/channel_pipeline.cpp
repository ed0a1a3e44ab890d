// channel + resume_on: a producer task, CPU work hopped onto a pool, and back to the loop.
#include <concur/concur.hpp>

#include <cstdio>

concur::task<void> produce(concur::channel<int>& ch) {
  for (int i = 1; i <= 10; ++i)
    co_await ch.send(i);
  ch.close();
}

concur::task<long> consume(concur::channel<int>& ch, concur::thread_pool& pool) {
  concur::event_loop& loop = *concur::event_loop::current();
  long total = 0;
  while (auto v = co_await ch.receive()) {
    co_await concur::resume_on(pool); // the CPU part runs on a worker...
    long sq = long(*v) * *v;
    co_await concur::resume_on(loop); // ...and the loop-owned state is touched on the loop
    total += sq;
  }
  co_return total;
}

concur::task<long> body(concur::thread_pool& pool) {
  concur::channel<int> ch(4);
  auto producer = concur::spawn(produce(ch));
  long total = co_await consume(ch, pool);
  co_await producer;
  co_return total;
}

int main() {
  concur::thread_pool pool(2);
  std::printf("sum of squares 1..10 = %ld\n", concur::run(body(pool)));
}
