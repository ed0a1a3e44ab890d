#pragma once
// How a process_pool call crosses the process boundary: which functions qualify, and the
// request frame for fn(args...) (encoded in the parent, decoded and called in the worker).

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

#include "concur/detail/process_worker.hpp"
#include "concur/pool/process_codec.hpp"

namespace concur::detail {

template <class F> struct process_fn_traits {
  static_assert(sizeof(F) == 0, "concur::process_pool: fn must be a plain function (a function "
                                "pointer or a lambda without captures)");
};
template <class R, class... P> struct process_fn_traits<R (*)(P...)> {
  using result = R;
  using params = std::tuple<std::decay_t<P>...>;
  static_assert(!std::is_reference_v<R>, "concur::process_pool: fn must return a value");
  static_assert(((!std::is_lvalue_reference_v<P> || std::is_const_v<std::remove_reference_t<P>>) &&
                 ...),
                "concur::process_pool: fn cannot take non-const references (its arguments are "
                "copies in another process)");
};
template <class R, class... P>
struct process_fn_traits<R (*)(P...) noexcept> : process_fn_traits<R (*)(P...)> {};

template <class F> auto as_function_pointer(F fn) {
  if constexpr (std::is_pointer_v<F> && std::is_function_v<std::remove_pointer_t<F>>) {
    return fn;
  } else {
    static_assert(
        std::is_empty_v<F> && requires { +fn; },
        "concur::process_pool: fn must be a plain function (a function pointer or a "
        "non-generic lambda without captures)");
    return +fn;
  }
}

template <class T> T decode_value(std::string_view &in) { return process_codec<T>::decode(in); }

template <class Tuple> struct decode_tuple;
template <class... A> struct decode_tuple<std::tuple<A...>> {
  // Braced initialisation evaluates left to right: arguments decode in order.
  static std::tuple<A...> from(std::string_view &in) {
    return std::tuple<A...>{decode_value<A>(in)...};
  }
};

// Runs in the worker: the address of this instantiation is what the parent sends.
template <class Fp> void remote_call(std::uintptr_t fn, std::string_view in, std::string &out) {
  using traits = process_fn_traits<Fp>;
  auto f = reinterpret_cast<Fp>(fn);
  auto args = decode_tuple<typename traits::params>::from(in);
  if constexpr (std::is_void_v<typename traits::result>) {
    std::apply(f, std::move(args));
  } else {
    using R = std::decay_t<typename traits::result>;
    process_codec<R>::encode(out, std::apply(f, std::move(args)));
  }
}

template <class P, class A> void encode_argument(std::string &out, A &&a) {
  if constexpr (std::is_same_v<std::decay_t<A>, P>)
    process_codec<P>::encode(out, a);
  else
    process_codec<P>::encode(out, static_cast<P>(std::forward<A>(a)));
}

// The request frame for fn(args...), encoded on the submitting thread.
template <class Fp, class... A> std::string encode_request(Fp fn, A &&...args) {
  using params = typename process_fn_traits<Fp>::params;
  static_assert(std::tuple_size_v<params> == sizeof...(A),
                "concur::process_pool: wrong number of arguments for fn");
  std::string out(sizeof(wire_header), '\0');
  [&]<std::size_t... I>(std::index_sequence<I...>) {
    (encode_argument<std::tuple_element_t<I, params>>(out, std::forward<A>(args)), ...);
  }(std::index_sequence_for<A...>{});
  remote_trampoline t = &remote_call<Fp>;
  wire_header h{reinterpret_cast<std::uintptr_t>(t), reinterpret_cast<std::uintptr_t>(fn),
                out.size() - sizeof(wire_header)};
  std::memcpy(out.data(), &h, sizeof h);
  return out;
}

} // namespace concur::detail
