#pragma once
// Opt-in: process_pool arguments and results of any type nlohmann/json converts (to_json and
// from_json, e.g. NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE, std::map, std::vector<std::string>).
// Only code that includes this header needs nlohmann-json; <concur/pool/process_pool.hpp> does
// not.

#include <string>
#include <string_view>
#include <type_traits>

#include <nlohmann/json.hpp>

#include "concur/pool/process_codec.hpp"

namespace concur {
namespace detail {
template <class T>
concept json_convertible =
    requires(nlohmann::json &j, const nlohmann::json &cj, const T &v, T &out) {
      nlohmann::adl_serializer<T>::to_json(j, v);
      nlohmann::adl_serializer<T>::from_json(cj, out);
    } || requires(nlohmann::json &j, const nlohmann::json &cj, const T &v) {
      nlohmann::adl_serializer<T>::to_json(j, v);
      { nlohmann::adl_serializer<T>::from_json(cj) } -> std::same_as<T>;
    };
} // namespace detail

/// Carries T as its JSON text (length-prefixed), for every T that nlohmann/json converts and
/// no built-in codec handles; text that does not parse back throws codec_error.
///
/// Example:
/// ```cpp
/// struct report { std::string file; int findings; };
/// NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(report, file, findings)
/// report r = co_await pool.run(analyse, path); // carried as JSON
/// ```
///
/// Cancellation: not a suspension point.
///
/// Thread safety: as process_codec.
///
/// Resumes on: not an awaitable.
template <class T>
struct process_codec<T,
                     std::enable_if_t<!detail::builtin_codec_v<T> && detail::json_convertible<T>>> {
  static void encode(std::string &out, const T &v) {
    const std::string text = nlohmann::json(v).dump();
    detail::put_size(out, text.size());
    out.append(text);
  }
  static T decode(std::string_view &in) {
    auto n = detail::take_size(in);
    auto text = detail::take_bytes(in, n);
    try {
      return nlohmann::json::parse(text).template get<T>();
    } catch (const nlohmann::json::exception &e) {
      throw codec_error(std::string("concur::process_codec: JSON decode failed: ") + e.what());
    }
  }
};

} // namespace concur
