#pragma once
// concur::timeout: asyncio.wait_for: give a task a deadline.

#include <chrono>
#include <stdexcept>
#include <type_traits>
#include <utility>
#include <variant>

#include "concur/sleep.hpp"
#include "concur/task.hpp"
#include "concur/when_any.hpp"

namespace concur {

/// Thrown by concur::timeout when the deadline passes first.
class timeout_error : public std::runtime_error {
public:
  timeout_error() : std::runtime_error("concur::timeout_error: the operation timed out") {}
};

namespace detail {
template <class Rep, class Period> task<void> timer_task(std::chrono::duration<Rep, Period> d) {
  co_await sleep_for(d);
}
template <class T> task<T *> address_of(task<T &> t) { co_return &(co_await std::move(t)); }
} // namespace detail

/// Runs t with a deadline: returns its result if it finishes within d; otherwise cancels it,
/// waits for it to finish, and throws concur::timeout_error.
template <class Rep, class Period, class T>
task<T> timeout(std::chrono::duration<Rep, Period> d, task<T> t) {
  if constexpr (std::is_reference_v<T>) {
    co_return *(co_await timeout(d, detail::address_of(std::move(t))));
  } else {
    auto r = co_await when_any(std::move(t), detail::timer_task(d));
    if (r.index() == 1)
      throw timeout_error();
    if constexpr (!std::is_void_v<T>)
      co_return std::get<0>(std::move(r));
  }
}

} // namespace concur
