#pragma once
// concur::remote_error: an exception a process_pool job threw inside its worker process.

#include <stdexcept>
#include <string>
#include <utility>

namespace concur {

/// An exception thrown by the job inside the worker: what() is its message, type_name() its type
/// (e.g. "std::invalid_argument").
class remote_error : public std::runtime_error {
public:
  remote_error(std::string type_name, const std::string &message)
      : std::runtime_error(message), type_(std::move(type_name)) {}
  const std::string &type_name() const noexcept { return type_; }

private:
  std::string type_;
};

} // namespace concur
