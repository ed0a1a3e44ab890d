// RUN: %check_concur %s concur-unawaited-awaitable %t --

// A generator dropped as a statement never runs either, but it is iterated,
// not awaited: the message says so, and there is no co_await to add (docs
// N1 in real-world.md: async_simple's Generator was called a lazy task).

#include <coroutine>
#include <exception>
#include <iterator>

namespace lib {
template <class T> class generator {
public:
  struct promise_type {
    T current{};
    generator get_return_object() {
      return generator{std::coroutine_handle<promise_type>::from_promise(*this)};
    }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    std::suspend_always yield_value(T v) noexcept {
      current = v;
      return {};
    }
    void return_void() {}
    void unhandled_exception() { std::terminate(); }
  };
  struct iterator {
    std::coroutine_handle<promise_type> h;
    iterator &operator++() {
      h.resume();
      return *this;
    }
    T operator*() const { return h.promise().current; }
    bool operator!=(std::default_sentinel_t) const { return !h.done(); }
  };
  explicit generator(std::coroutine_handle<promise_type> h) : h_(h) {}
  generator(generator &&o) noexcept : h_(o.h_) { o.h_ = {}; }
  ~generator() {
    if (h_)
      h_.destroy();
  }
  iterator begin() {
    h_.resume();
    return {h_};
  }
  std::default_sentinel_t end() { return {}; }

private:
  std::coroutine_handle<promise_type> h_;
};
} // namespace lib

lib::generator<int> numbers() {
  for (int i = 0; i < 3; ++i)
    co_yield i;
}

void dropped() {
  numbers();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: the generator returned by 'numbers' is never iterated: its body does not run until it is [concur-unawaited-awaitable]
}

int no_warning_iterated() {
  int sum = 0;
  for (int v : numbers())
    sum += v;
  auto kept = numbers();
  for (int v : kept)
    sum += v;
  return sum;
}
