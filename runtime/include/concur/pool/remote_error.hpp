#pragma once
// concur::remote_error: how an exception a process_pool job threw inside its worker process
// reaches the caller (its type name and message; the object itself stays in the worker).

#include <stdexcept>
#include <string>
#include <utility>

namespace concur {

/// An exception thrown by the job inside the worker: what() is its message, type_name() its type
/// (e.g. "std::invalid_argument"). The worker lives on.
///
/// Example:
/// ```cpp
/// try { co_await pool.run(parse, blob); }
/// catch (const concur::remote_error &e) {
///   if (e.type_name() == "std::invalid_argument") reject(blob);
/// }
/// ```
///
/// Cancellation: not a suspension point.
///
/// Thread safety: an ordinary exception object.
///
/// Resumes on: not an awaitable.
class remote_error : public std::runtime_error {
public:
  remote_error(std::string type_name, const std::string &message)
      : std::runtime_error(message), type_(std::move(type_name)) {}
  const std::string &type_name() const noexcept { return type_; }

private:
  std::string type_;
};

} // namespace concur
