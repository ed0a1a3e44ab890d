#pragma once
// `co_await pool.run(fn, args...)`: the awaiter behind process_pool::run. Pool is
// process_pool (a parameter so that this header does not need its definition).

#include <chrono>
#include <coroutine>
#include <exception>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "concur/detail/offload.hpp"
#include "concur/detail/process_job.hpp"
#include "concur/pool/process_codec.hpp"
#include "concur/task/cancelled.hpp"

namespace concur::detail {

// `co_await pool.run(fn, args...)`: queue the job, suspend, resume on the task's loop thread.
template <class R, class Pool> class process_run_awaiter {
public:
  process_run_awaiter(Pool *pool, std::string request, std::chrono::nanoseconds limit)
      : pool_(pool), request_(std::move(request)), limit_(limit) {}
  process_run_awaiter(const process_run_awaiter &) = delete;
  process_run_awaiter &operator=(const process_run_awaiter &) = delete;

  bool await_ready() const noexcept { return false; }

  template <class P> bool await_suspend(std::coroutine_handle<P> h) {
    if (!offload_.begin(h))
      return false;
    if (!offload_.loop())
      throw std::logic_error("concur::process_pool::run: no event loop; await it in a task run "
                             "by concur::run or event_loop::spawn, or use submit()");
    auto job = std::make_unique<job_type>();
    job->self = this;
    job->request = std::move(request_);
    job->timeout = limit_;
    offload_.hand_over([&] { pool_->enqueue(std::move(job)); });
    return true;
  }

  R await_resume() {
    if (offload_.cancelled())
      throw cancelled();
    if (error_)
      std::rethrow_exception(error_);
    if constexpr (!std::is_void_v<R>)
      return std::move(*value_);
  }

private:
  struct job_type final : process_job {
    process_run_awaiter *self = nullptr;
    void succeed(std::string_view result) noexcept override {
      try {
        if constexpr (!std::is_void_v<R>)
          self->value_.emplace(process_codec<R>::decode(result));
      } catch (...) {
        self->error_ = std::current_exception();
      }
      self->finish();
    }
    void fail(std::exception_ptr e) noexcept override {
      self->error_ = std::move(e);
      self->finish();
    }
  };

  // On the manager thread. The task may already run when this returns: touch nothing after.
  void finish() noexcept { offload_.finish(); }

  using value_type = std::conditional_t<std::is_void_v<R>, char, R>;
  Pool *pool_;
  std::string request_;
  std::chrono::nanoseconds limit_;
  std::optional<value_type> value_;
  std::exception_ptr error_;
  offload offload_;
};

} // namespace concur::detail
