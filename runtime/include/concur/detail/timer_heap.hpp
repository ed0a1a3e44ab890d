#pragma once
// The heap under the loop's timers (loop_timers.hpp): a binary min-heap of pointers to nodes
// that live in the sleeping coroutines' frames, so parking a task on a timer costs one pointer
// in the heap.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <utility>
#include <vector>

namespace concur::detail {

struct timer_node {
  static constexpr std::uint32_t not_queued = static_cast<std::uint32_t>(-1);
  std::chrono::steady_clock::time_point deadline{};
  void (*fire)(timer_node *) = nullptr;
  std::uint32_t heap_index = not_queued; // 32 bits: the node lives in a parked frame
};

class timer_heap {
public:
  bool empty() const noexcept { return heap_.empty(); }
  std::size_t size() const noexcept { return heap_.size(); }
  timer_node *top() const noexcept { return heap_.front(); }

  void push(timer_node *n) {
    if (heap_.size() >= timer_node::not_queued)
      throw std::length_error("concur: too many timers");
    n->heap_index = static_cast<std::uint32_t>(heap_.size());
    heap_.push_back(n);
    sift_up(n->heap_index);
  }

  void erase(timer_node *n) noexcept {
    if (n->heap_index == timer_node::not_queued)
      return;
    const std::size_t i = n->heap_index;
    n->heap_index = timer_node::not_queued;
    timer_node *last = heap_.back();
    heap_.pop_back();
    if (i == heap_.size())
      return;
    place(i, last);
    sift_down(i);
    sift_up(last->heap_index);
  }

  void clear() noexcept {
    for (auto *n : heap_)
      n->heap_index = timer_node::not_queued;
    heap_.clear();
  }

private:
  void place(std::size_t i, timer_node *n) noexcept {
    heap_[i] = n;
    n->heap_index = static_cast<std::uint32_t>(i);
  }
  void sift_up(std::size_t i) noexcept {
    timer_node *n = heap_[i];
    while (i > 0) {
      std::size_t parent = (i - 1) / 2;
      if (!(n->deadline < heap_[parent]->deadline))
        break;
      place(i, heap_[parent]);
      i = parent;
    }
    place(i, n);
  }
  void sift_down(std::size_t i) noexcept {
    timer_node *n = heap_[i];
    const std::size_t size = heap_.size();
    for (;;) {
      std::size_t child = 2 * i + 1;
      if (child >= size)
        break;
      if (child + 1 < size && heap_[child + 1]->deadline < heap_[child]->deadline)
        ++child;
      if (!(heap_[child]->deadline < n->deadline))
        break;
      place(i, heap_[child]);
      i = child;
    }
    place(i, n);
  }

  std::vector<timer_node *> heap_;
};

} // namespace concur::detail
