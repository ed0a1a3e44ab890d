#pragma once
// concur::gather: run tasks concurrently on the loop and collect all their results (asyncio's
// gather and TaskGroup).

#include <exception>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "concur/detail/task_group.hpp"
#include "concur/event_loop.hpp"
#include "concur/task/join_handle.hpp"
#include "concur/task/task.hpp"

namespace concur {

/// Runs the tasks concurrently on the current loop (as spawned children, named "gather") and
/// returns their results as a tuple (void results become std::monostate). The first task to
/// fail cancels the others; gather waits for them to finish, then rethrows that first
/// exception (like asyncio's TaskGroup). Later errors of other children go to the loop's
/// exception handler. No child outlives the call.
///
/// Example:
/// ```cpp
/// auto [user, orders] = co_await concur::gather(get_user(id), get_orders(id));
/// ```
///
/// Cancellation: cancelling the gathering task cancels every child and waits for them all;
/// gather then rethrows the first child's exception (concur::cancelled, for a child that
/// stopped for it). If every child completed anyway, gather returns their results and the
/// cancellation shows at the caller's next suspension point. A gather destroyed while it waits
/// (its loop is torn down) asks its children to cancel and leaves them to the loop.
///
/// Thread safety: await it on a loop thread (else std::logic_error); the children run there.
///
/// Resumes on: the loop thread.
template <class... Ts>
task<std::tuple<detail::value_or_monostate_t<Ts>...>> gather(task<Ts>... tasks) {
  event_loop &loop = detail::loop_for_group("concur::gather");
  std::tuple<join_handle<Ts>...> handles{loop.spawn(std::move(tasks), "gather")...};
  detail::task_group group(detail::task_group::mode::all, sizeof...(Ts));
  std::apply([&](auto &...h) { (group.add(h.promise()), ...); }, handles);
  co_await group.wait();
  if (auto e = group.error()) {
    group.mark_taken(group.winner());
    std::rethrow_exception(e);
  }
  co_return std::apply(
      [](auto &...h) {
        return std::tuple<detail::value_or_monostate_t<Ts>...>(detail::take_result(h)...);
      },
      handles);
}

namespace detail {
template <class T>
using gather_vector_t = std::conditional_t<std::is_void_v<T>, void, std::vector<T>>;
}

/// Runs every task of the vector concurrently and returns their results in order (void for
/// tasks of void). Failure handling, cancellation, thread safety and the thread it resumes on
/// are those of the tuple form; tasks of references are not supported.
///
/// Example:
/// ```cpp
/// std::vector<concur::task<page>> fetches;
/// for (auto &url : urls) fetches.push_back(fetch(url));
/// std::vector<page> pages = co_await concur::gather(std::move(fetches));
/// ```
///
/// Cancellation: as the tuple form.
///
/// Thread safety: as the tuple form.
///
/// Resumes on: the loop thread.
template <class T> task<detail::gather_vector_t<T>> gather(std::vector<task<T>> tasks) {
  static_assert(!std::is_reference_v<T>,
                "concur::gather(vector): tasks of references are not supported");
  event_loop &loop = detail::loop_for_group("concur::gather");
  std::vector<join_handle<T>> handles;
  handles.reserve(tasks.size());
  for (auto &t : tasks)
    handles.push_back(loop.spawn(std::move(t), "gather"));
  tasks.clear();
  detail::task_group group(detail::task_group::mode::all, handles.size());
  for (auto &h : handles)
    group.add(h.promise());
  co_await group.wait();
  if (auto e = group.error()) {
    group.mark_taken(group.winner());
    std::rethrow_exception(e);
  }
  if constexpr (std::is_void_v<T>) {
    for (auto &h : handles)
      h.get();
  } else {
    std::vector<T> out;
    out.reserve(handles.size());
    for (auto &h : handles)
      out.push_back(h.get());
    co_return out;
  }
}

} // namespace concur
