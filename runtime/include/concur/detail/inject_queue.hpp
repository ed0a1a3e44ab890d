#pragma once
// The thread pool's injection queue: an unbounded FIFO of callbacks that threads outside the
// pool push to and workers take batches from.
//
// Producers and consumers each have their own lock (the two-lock queue of Michael and Scott,
// over segments of slots instead of nodes), and they share no counter: a slot's own `ready`
// flag says it holds a job. So the only cache lines that travel from a producer to a consumer
// are the slots themselves, which must travel anyway, and a push is one uncontended atomic
// exchange (the producers' lock) plus plain stores. Segments are recycled, so a queue that
// has reached its working size allocates nothing.

#include <atomic>
#include <cstddef>
#include <mutex>
#include <new>
#include <utility>

#include "concur/detail/callback.hpp"
#include "concur/detail/spin_lock.hpp"

namespace concur::detail {

class inject_queue {
public:
  inject_queue() : head_seg_(new segment), tail_seg_(head_seg_) {}
  inject_queue(const inject_queue &) = delete;
  inject_queue &operator=(const inject_queue &) = delete;
  ~inject_queue() {
    bool more = false;
    while (pop_batch(segment::slots, [](callback &&) {}, more)) {
    }
    delete head_seg_;
    while (segment *s = free_) {
      free_ = s->next.load(std::memory_order_relaxed);
      delete s;
    }
  }

  /// Appends `job`; false (and `job` untouched) once the queue is closed. The job is published
  /// with a release store: a caller that must order it before a later load (the pool's idle
  /// counts) fences after this returns.
  bool push(callback &&job) {
    std::lock_guard lk(tail_lock_);
    if (closed_.load(std::memory_order_relaxed))
      return false;
    if (tail_idx_ == segment::slots) {
      segment *next = take_free_segment();
      // Linked before its first job is published; the consumer follows the link only after
      // it has taken every job of the current segment.
      tail_seg_->next.store(next, std::memory_order_release);
      tail_seg_ = next;
      tail_idx_ = 0;
    }
    cell &c = tail_seg_->cells[tail_idx_++];
    ::new (c.job()) callback(std::move(job));
    c.ready.store(true, std::memory_order_release);
    return true;
  }

  /// Refuses further pushes: a push either completed before (and is visible to whoever sees
  /// the queue closed) or fails. Returns whether the queue was already closed.
  bool close() {
    std::lock_guard lk(tail_lock_);
    return closed_.exchange(true, std::memory_order_seq_cst);
  }
  bool closed() const noexcept { return closed_.load(std::memory_order_seq_cst); }

  /// Whether a job is waiting at the head.
  bool nonempty() {
    std::lock_guard lk(head_lock_);
    return head_cell() != nullptr;
  }

  /// Takes up to `max` jobs, oldest first, calling sink(callback&&) for each under the
  /// consumers' lock; returns how many. `more` says whether a job was left at the head.
  template <class Sink> std::size_t pop_batch(std::size_t max, Sink &&sink, bool &more) {
    std::lock_guard lk(head_lock_);
    std::size_t n = 0;
    for (; n < max; ++n) {
      cell *c = head_cell();
      if (!c)
        break;
      sink(std::move(*c->job()));
      c->job()->~callback();
      c->ready.store(false, std::memory_order_relaxed);
      ++head_idx_;
    }
    more = n == max && head_cell() != nullptr;
    return n;
  }

private:
  // 48 bytes, not a cache line each: padding measured no faster here, and a backlog of a
  // million jobs takes 48 MB instead of 64.
  struct cell {
    alignas(callback) unsigned char storage[sizeof(callback)];
    std::atomic<bool> ready{false};
    callback *job() noexcept { return std::launder(reinterpret_cast<callback *>(storage)); }
  };
  struct segment {
    static constexpr std::size_t slots = 256;
    cell cells[slots];
    std::atomic<segment *> next{nullptr};
  };

  // The cell at the head if it holds a job; moves to the next segment when the current one is
  // used up. Under head_lock_.
  cell *head_cell() {
    if (head_idx_ == segment::slots) {
      segment *next = head_seg_->next.load(std::memory_order_acquire);
      if (!next)
        return nullptr;
      // Producers stopped touching the used-up segment when they linked `next`.
      give_free_segment(head_seg_);
      head_seg_ = next;
      head_idx_ = 0;
    }
    cell *c = &head_seg_->cells[head_idx_];
    // Sequentially consistent: the pool's idle-worker protocol relies on it.
    return c->ready.load(std::memory_order_seq_cst) ? c : nullptr;
  }

  segment *take_free_segment() {
    {
      std::lock_guard lk(free_lock_);
      if (segment *s = free_) {
        free_ = s->next.load(std::memory_order_relaxed);
        --free_count_;
        s->next.store(nullptr, std::memory_order_relaxed);
        return s;
      }
    }
    return new segment;
  }
  void give_free_segment(segment *s) {
    {
      std::lock_guard lk(free_lock_);
      if (free_count_ < max_free) {
        s->next.store(free_, std::memory_order_relaxed);
        free_ = s;
        ++free_count_;
        return;
      }
    }
    delete s;
  }

  // Consumers' side.
  alignas(64) spin_lock head_lock_;
  segment *head_seg_;
  std::size_t head_idx_ = 0;
  // Producers' side.
  alignas(64) spin_lock tail_lock_;
  segment *tail_seg_;
  std::size_t tail_idx_ = 0;
  std::atomic<bool> closed_{false};
  // Used-up segments kept for reuse (a few: a burst's worth is given back to malloc), taken
  // once per segment::slots pushes.
  static constexpr std::size_t max_free = 4;
  alignas(64) spin_lock free_lock_;
  segment *free_ = nullptr;
  std::size_t free_count_ = 0;
};

} // namespace concur::detail
