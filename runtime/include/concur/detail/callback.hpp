#pragma once
// A move-only `void()` callable with inline storage: the unit of work of the event loop and the
// thread pool. Resuming a coroutine fits inline, so scheduling allocates nothing.

#include <cstring>
#include <new>
#include <type_traits>
#include <utility>

namespace concur::detail {

class callback {
public:
  static constexpr std::size_t inline_size = 24;

  callback() noexcept = default;

  template <class F>
    requires(!std::is_same_v<std::remove_cvref_t<F>, callback> && std::is_invocable_v<F &>)
  callback(F &&f) { // NOLINT(google-explicit-constructor): callables convert implicitly
    using Fn = std::remove_cvref_t<F>;
    if constexpr (sizeof(Fn) <= inline_size && alignof(Fn) <= alignof(void *) &&
                  std::is_nothrow_move_constructible_v<Fn>) {
      ::new (static_cast<void *>(buf_)) Fn(std::forward<F>(f));
      invoke_ = [](void *s) { (*std::launder(static_cast<Fn *>(s)))(); };
      if constexpr (!(std::is_trivially_copyable_v<Fn> && std::is_trivially_destructible_v<Fn>))
        manage_ = &manage_inline<Fn>;
    } else {
      Fn *p = new Fn(std::forward<F>(f));
      std::memcpy(buf_, &p, sizeof(p));
      invoke_ = [](void *s) {
        Fn *fp;
        std::memcpy(&fp, s, sizeof(fp));
        (*fp)();
      };
      manage_ = &manage_heap<Fn>;
    }
  }

  callback(callback &&o) noexcept : invoke_(o.invoke_), manage_(o.manage_) {
    if (manage_)
      manage_(op::move, buf_, o.buf_);
    else
      std::memcpy(buf_, o.buf_, inline_size);
    o.invoke_ = nullptr;
    o.manage_ = nullptr;
  }

  callback &operator=(callback &&o) noexcept {
    if (this != &o) {
      reset();
      ::new (this) callback(std::move(o));
    }
    return *this;
  }

  callback(const callback &) = delete;
  callback &operator=(const callback &) = delete;
  ~callback() { reset(); }

  explicit operator bool() const noexcept { return invoke_ != nullptr; }
  void operator()() { invoke_(buf_); }

private:
  enum class op { move, destroy };

  template <class Fn> static void manage_inline(op o, void *dst, void *src) noexcept {
    if (o == op::move) {
      auto *s = std::launder(static_cast<Fn *>(src));
      ::new (dst) Fn(std::move(*s));
      s->~Fn();
    } else {
      std::launder(static_cast<Fn *>(dst))->~Fn();
    }
  }

  template <class Fn> static void manage_heap(op o, void *dst, void *src) noexcept {
    if (o == op::move) {
      std::memcpy(dst, src, sizeof(Fn *));
    } else {
      Fn *fp;
      std::memcpy(&fp, dst, sizeof(fp));
      delete fp;
    }
  }

  void reset() noexcept {
    if (manage_)
      manage_(op::destroy, buf_, nullptr);
    invoke_ = nullptr;
    manage_ = nullptr;
  }

  void (*invoke_)(void *) = nullptr;
  void (*manage_)(op, void *, void *) noexcept = nullptr;
  alignas(void *) unsigned char buf_[inline_size];
};

} // namespace concur::detail
