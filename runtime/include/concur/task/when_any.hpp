#pragma once
// concur::when_any: run tasks concurrently, keep the first to finish, cancel the rest.

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

/// Runs the tasks concurrently; the first to finish decides: its result is returned as the
/// variant alternative of its position (void becomes std::monostate), or its exception is
/// rethrown. The others are cancelled, and when_any returns only after they have finished.
///
/// *Cancellation*: cancelling the awaiting task cancels every child; the first to finish still
/// decides. A loser whose suspension had completed is undone by that awaitable's cancel safety
/// (a channel receive hands its value back); a value a loser computes after the cancellation
/// without reaching another suspension point is discarded.
/// *Resumes on*: the loop thread; must be awaited on one.
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
