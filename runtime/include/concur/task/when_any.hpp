#pragma once
// concur::when_any: race tasks on the loop: keep the first to finish, cancel the rest (asyncio's
// wait(return_when=FIRST_COMPLETED), with the losers cleaned up).

#include <cstddef>
#include <stdexcept>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "concur/detail/task_group.hpp"
#include "concur/event_loop.hpp"
#include "concur/task/join_handle.hpp"
#include "concur/task/task.hpp"

namespace concur {

/// Runs the tasks concurrently (as spawned children, named "when_any"); the first to finish
/// decides: its result is returned as the variant alternative of its position (void becomes
/// std::monostate), or its exception is rethrown. The others are cancelled, and when_any
/// returns only after they have finished.
///
/// Example:
/// ```cpp
/// auto r = co_await concur::when_any(from_cache(key), from_db(key));
/// std::string value = r.index() == 0 ? std::get<0>(r) : std::get<1>(r);
/// ```
///
/// Cancellation: the losers' values are dropped. A loser whose suspension had completed is
/// undone only where that awaitable is cancel-safe (a channel receive hands its value back);
/// otherwise what the loser got (a to_thread result, a lock, a permit) goes on to its next
/// suspension point, where it sees concur::cancelled, and a value it completes with there is
/// discarded. Cancelling the awaiting task cancels every child; the first to finish still
/// decides, so when_any may return a value or rethrow concur::cancelled.
///
/// Thread safety: await it on a loop thread (else std::logic_error); the children run there.
///
/// Resumes on: the loop thread.
template <class... Ts>
task<std::variant<detail::value_or_monostate_t<Ts>...>> when_any(task<Ts>... tasks) {
  static_assert(sizeof...(Ts) > 0, "concur::when_any needs at least one task");
  static_assert((!std::is_reference_v<Ts> && ...),
                "concur::when_any: tasks of references are not supported");
  using result_t = std::variant<detail::value_or_monostate_t<Ts>...>;
  event_loop &loop = detail::loop_for_group("concur::when_any");
  std::tuple<join_handle<Ts>...> handles{loop.spawn(std::move(tasks), "when_any")...};
  detail::task_group group(detail::task_group::mode::any, sizeof...(Ts));
  std::apply([&](auto &...h) { (group.add(h.promise()), ...); }, handles);
  co_await group.wait();
  const std::size_t w = group.winner();
  group.mark_taken(w);
  if (auto e = group.error())
    std::rethrow_exception(e);
  std::optional<result_t> out;
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    ((I == w ? (void)out.emplace(std::in_place_index<I>, detail::take_result(std::get<I>(handles)))
             : (void)0),
     ...);
  }(std::index_sequence_for<Ts...>{});
  co_return std::move(*out);
}

namespace detail {
template <class T>
using when_any_vector_t =
    std::conditional_t<std::is_void_v<T>, std::size_t, std::pair<std::size_t, T>>;
}

/// Vector form: returns the index of the first task to finish and its result (just the index
/// for tasks of void). Throws std::invalid_argument for an empty vector.
///
/// Example:
/// ```cpp
/// std::vector<concur::task<reply>> asks;
/// for (auto &r : replicas) asks.push_back(ask(r, query));
/// auto [first, answer] = co_await concur::when_any(std::move(asks));
/// ```
///
/// Cancellation: as the variadic form; the losers' values are dropped.
///
/// Thread safety: as the variadic form.
///
/// Resumes on: the loop thread.
template <class T> task<detail::when_any_vector_t<T>> when_any(std::vector<task<T>> tasks) {
  static_assert(!std::is_reference_v<T>, "concur::when_any: tasks of references are not supported");
  if (tasks.empty())
    throw std::invalid_argument("concur::when_any: no tasks");
  event_loop &loop = detail::loop_for_group("concur::when_any");
  std::vector<join_handle<T>> handles;
  handles.reserve(tasks.size());
  for (auto &t : tasks)
    handles.push_back(loop.spawn(std::move(t), "when_any"));
  tasks.clear();
  detail::task_group group(detail::task_group::mode::any, handles.size());
  for (auto &h : handles)
    group.add(h.promise());
  co_await group.wait();
  const std::size_t w = group.winner();
  group.mark_taken(w);
  if (auto e = group.error())
    std::rethrow_exception(e);
  if constexpr (std::is_void_v<T>)
    co_return w;
  else
    co_return std::pair<std::size_t, T>(w, handles[w].get());
}

} // namespace concur
