#pragma once
// concur::process_codec<T>: how a process_pool argument or result crosses the process boundary.
// Built in: trivially copyable values (bytes), std::string, std::vector of trivially copyable
// values. <concur/pool/process_codec_json.hpp> adds every type nlohmann/json can convert
// (to_json/from_json); users may specialize process_codec<T> for anything else.

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace concur {

/// Thrown when bytes received from a worker (or sent to one) do not decode as the expected type;
/// a process_pool job gets it in place of its result.
///
/// Example:
/// ```cpp
/// try { auto v = pool.submit(load, path).get(); }
/// catch (const concur::codec_error &e) { log(e.what()); }
/// ```
///
/// Cancellation: not a suspension point.
///
/// Thread safety: an ordinary exception object.
///
/// Resumes on: not an awaitable.
class codec_error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

namespace detail {
inline std::string_view take_bytes(std::string_view &in, std::size_t n) {
  if (in.size() < n)
    throw codec_error("concur::process_codec: truncated message");
  auto head = in.substr(0, n);
  in.remove_prefix(n);
  return head;
}
inline void put_size(std::string &out, std::uint64_t n) {
  out.append(reinterpret_cast<const char *>(&n), sizeof n);
}
inline std::uint64_t take_size(std::string_view &in) {
  std::uint64_t n;
  std::memcpy(&n, take_bytes(in, sizeof n).data(), sizeof n);
  return n;
}
// Pointers are trivially copyable but mean nothing in another process.
template <class T>
inline constexpr bool bytes_codec_v =
    std::is_trivially_copyable_v<T> && !std::is_pointer_v<T> && !std::is_member_pointer_v<T>;
} // namespace detail

/// encode(out, v) appends v to out; decode(in) consumes v from the front of in. Specialize it for
/// your own types (the primary template rejects what it cannot carry, at compile time, with a
/// message naming the ways out). Both sides are the same binary on the same host, so the bytes
/// are in native byte order.
///
/// Example:
/// ```cpp
/// template <> struct concur::process_codec<point> {
///   static void encode(std::string &out, const point &p) {
///     process_codec<std::string>::encode(out, p.label);
///     process_codec<double>::encode(out, p.x);
///   }
///   static point decode(std::string_view &in) {
///     auto label = process_codec<std::string>::decode(in);
///     return point{std::move(label), process_codec<double>::decode(in)};
///   }
/// };
/// ```
///
/// Cancellation: not a suspension point.
///
/// Thread safety: encode runs on the submitting thread or in the worker, decode in the worker
/// or on the pool's manager thread: a codec must not rely on thread-local state.
///
/// Resumes on: not an awaitable.
template <class T, class Enable = void> struct process_codec {
  static_assert(sizeof(T) == 0,
                "concur::process_pool: this argument or result type cannot cross the process "
                "boundary; use a trivially copyable type, std::string or std::vector<trivially "
                "copyable>, or include <concur/pool/process_codec_json.hpp> for types with "
                "nlohmann/json to_json/from_json, or specialize concur::process_codec<T>");
};

template <class T> struct process_codec<T, std::enable_if_t<detail::bytes_codec_v<T>>> {
  static void encode(std::string &out, const T &v) {
    out.append(reinterpret_cast<const char *>(&v), sizeof(T));
  }
  static T decode(std::string_view &in) {
    std::array<std::byte, sizeof(T)> raw;
    std::memcpy(raw.data(), detail::take_bytes(in, sizeof(T)).data(), sizeof(T));
    return std::bit_cast<T>(raw);
  }
};

template <> struct process_codec<std::string> {
  static void encode(std::string &out, const std::string &v) {
    detail::put_size(out, v.size());
    out.append(v);
  }
  static std::string decode(std::string_view &in) {
    auto n = detail::take_size(in);
    return std::string(detail::take_bytes(in, n));
  }
};

template <class T, class A>
struct process_codec<std::vector<T, A>, std::enable_if_t<detail::bytes_codec_v<T>>> {
  static void encode(std::string &out, const std::vector<T, A> &v) {
    detail::put_size(out, v.size());
    out.append(reinterpret_cast<const char *>(v.data()), v.size() * sizeof(T));
  }
  static std::vector<T, A> decode(std::string_view &in) {
    auto n = detail::take_size(in);
    if (n > in.size() / (sizeof(T) ? sizeof(T) : 1))
      throw codec_error("concur::process_codec: truncated message");
    std::vector<T, A> v(n);
    std::memcpy(static_cast<void *>(v.data()), detail::take_bytes(in, n * sizeof(T)).data(),
                n * sizeof(T));
    return v;
  }
};

namespace detail {
// True when one of the codecs above handles T (the JSON codec stays out of their way).
template <class T> struct builtin_codec : std::bool_constant<bytes_codec_v<T>> {};
template <> struct builtin_codec<std::string> : std::true_type {};
template <class T, class A>
struct builtin_codec<std::vector<T, A>> : std::bool_constant<bytes_codec_v<T>> {};
template <class T> inline constexpr bool builtin_codec_v = builtin_codec<T>::value;
} // namespace detail

} // namespace concur
