#pragma once
// A process_pool job as the pool's manager thread sees it, and the std::future kind of job.

#include <chrono>
#include <exception>
#include <future>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include "concur/pool/process_codec.hpp"

namespace concur::detail {

// One queued or running job. succeed/fail are called once, on the pool's manager thread.
struct process_job {
  std::string request;
  bool failed = false; // completed with an exception
  std::chrono::nanoseconds timeout{0};
  virtual ~process_job() = default;
  virtual void succeed(std::string_view result) noexcept = 0;
  virtual void fail(std::exception_ptr e) noexcept = 0;
};

template <class R> void decode_result(std::optional<R> &slot, std::string_view in) {
  slot.emplace(process_codec<R>::decode(in));
}

template <class R> struct future_job final : process_job {
  std::promise<R> promise;
  void succeed(std::string_view result) noexcept override {
    try {
      if constexpr (std::is_void_v<R>) {
        promise.set_value();
      } else {
        promise.set_value(process_codec<R>::decode(result));
      }
    } catch (...) {
      failed = true;
      promise.set_exception(std::current_exception());
    }
  }
  void fail(std::exception_ptr e) noexcept override {
    failed = true;
    promise.set_exception(std::move(e));
  }
};

} // namespace concur::detail
