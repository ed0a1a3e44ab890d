#pragma once
// A growable FIFO ring buffer: the ready queue of the loop and the job queues of the pool.
// std::deque allocates a chunk every few hundred pushes; this one reaches a steady size.

#include <cstddef>
#include <memory>
#include <new>
#include <utility>

namespace concur::detail {

template <class T> class ring_queue {
public:
  ring_queue() = default;
  ring_queue(const ring_queue &) = delete;
  ring_queue &operator=(const ring_queue &) = delete;
  ~ring_queue() {
    clear();
    ::operator delete(buf_);
  }

  bool empty() const noexcept { return size_ == 0; }
  std::size_t size() const noexcept { return size_; }

  void push_back(T &&v) {
    if (size_ == cap_)
      grow();
    ::new (slot((head_ + size_) & (cap_ - 1))) T(std::move(v));
    ++size_;
  }

  T pop_front() {
    T *p = slot(head_);
    T v(std::move(*p));
    p->~T();
    head_ = (head_ + 1) & (cap_ - 1);
    --size_;
    return v;
  }

  T pop_back() {
    T *p = slot((head_ + size_ - 1) & (cap_ - 1));
    T v(std::move(*p));
    p->~T();
    --size_;
    return v;
  }

  void clear() noexcept {
    while (size_) {
      slot(head_)->~T();
      head_ = (head_ + 1) & (cap_ - 1);
      --size_;
    }
  }

private:
  T *slot(std::size_t i) noexcept { return std::launder(reinterpret_cast<T *>(buf_) + i); }

  void grow() {
    std::size_t ncap = cap_ ? cap_ * 2 : 64;
    T *nbuf = static_cast<T *>(::operator new(ncap * sizeof(T)));
    for (std::size_t i = 0; i < size_; ++i) {
      T *p = slot((head_ + i) & (cap_ - 1));
      ::new (nbuf + i) T(std::move(*p));
      p->~T();
    }
    ::operator delete(buf_);
    buf_ = nbuf;
    cap_ = ncap;
    head_ = 0;
  }

  T *buf_ = nullptr;
  std::size_t cap_ = 0; // a power of two
  std::size_t head_ = 0;
  std::size_t size_ = 0;
};

} // namespace concur::detail
