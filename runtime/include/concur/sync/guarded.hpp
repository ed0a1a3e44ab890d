#pragma once
// concur::guarded<T>: a value that can only be reached with its mutex held.

#include <mutex>
#include <type_traits>
#include <utility>

namespace concur {

/// Couples shared state with the mutex that protects it, so no access can forget the lock
/// (the fix-it target of concur-unguarded-shared-state):
///   concur::guarded<std::map<K, V>> cache;
///   cache.with_lock([&](auto& m) { m[k] = v; });
/// For threads. Do not co_await inside with_lock: the lock is a std::mutex; use async_mutex
/// for state that a task holds across suspension points.
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
