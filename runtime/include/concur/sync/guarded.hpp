#pragma once
// concur::guarded<T>: shared state between threads that can only be reached with its mutex
// held (the fix for concur-unguarded-shared-state).

#include <mutex>
#include <type_traits>
#include <utility>

namespace concur {

/// Couples shared state with the mutex that protects it, so no access can forget the lock
/// (the fix-it target of concur-unguarded-shared-state). For threads: do not co_await inside
/// with_lock, nor while a lock() handle lives: the lock is a std::mutex (by default), and held
/// across a suspension it blocks whichever thread wants it next, the loop's own included. Use
/// async_mutex for state that a task holds across suspension points.
///
/// Example:
/// ```cpp
/// concur::guarded<std::map<std::string, int>> hits;
/// hits.with_lock([&](auto &m) { ++m[path]; });
/// int n = hits.lock()->size();
/// ```
///
/// Cancellation: not a suspension point.
///
/// Thread safety: with_lock, lock and load from any thread; each holds the mutex while it
/// reaches the value. A reference that escapes with_lock is not protected.
///
/// Resumes on: not an awaitable; everything runs on the calling thread.
template <class T, class Mutex = std::mutex> class guarded {
public:
  template <class... Args> explicit guarded(Args &&...args) : value_(std::forward<Args>(args)...) {}
  guarded(const guarded &) = delete;
  guarded &operator=(const guarded &) = delete;

  /// Calls fn(value) with the lock held and returns what fn returns.
  template <class F> decltype(auto) with_lock(F &&fn) {
    std::lock_guard lk(mx_);
    return std::forward<F>(fn)(value_);
  }
  template <class F> decltype(auto) with_lock(F &&fn) const {
    std::lock_guard lk(mx_);
    return std::forward<F>(fn)(std::as_const(value_));
  }

  /// A pointer-like handle that holds the lock while it lives.
  template <class V> class basic_locked {
  public:
    basic_locked(Mutex &m, V &v) : lk_(m), v_(&v) {}
    V &operator*() const noexcept { return *v_; }
    V *operator->() const noexcept { return v_; }

  private:
    std::unique_lock<Mutex> lk_;
    V *v_;
  };
  using locked = basic_locked<T>;
  using const_locked = basic_locked<const T>;

  [[nodiscard]] locked lock() { return locked(mx_, value_); }
  [[nodiscard]] const_locked lock() const { return const_locked(mx_, value_); }

  /// A copy of the value, taken under the lock.
  T load() const
    requires std::is_copy_constructible_v<T>
  {
    std::lock_guard lk(mx_);
    return value_;
  }

private:
  mutable Mutex mx_;
  T value_;
};

} // namespace concur
