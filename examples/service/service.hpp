#pragma once
// shortlink: a small URL shortener on concur's event loop. The declarations its translation
// units share: configuration (config.cpp), the link store (link_store.cpp), metrics and the
// access log (metrics.cpp); the HTTP front end and main() are in server.cpp.

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <concur/concur.hpp>

namespace shortlink {

// ---- configuration (config.cpp) ----------------------------------------------------------

struct config {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;
  std::string data_file = "links.db";
  std::string access_log = "access.log";
  std::string metrics_file = "metrics.txt";
  std::string blocklist_file; // hosts that may not be shortened, one per line; empty: none
  std::string static_dir = "static";
  std::chrono::milliseconds retry_backoff{20};
  std::chrono::seconds reload_interval{30};
  std::chrono::seconds metrics_interval{10};
  int max_retries = 3;
};

/// Reads "key = value" lines; unknown keys are ignored. Blocks on the file system: call it
/// before the loop starts, or through concur::to_thread.
config load_config(const std::string& path);
/// The same as a task, for callers already on the loop.
concur::task<config> load_config_async(std::string path);
/// Reloads cfg whenever the file's modification time changes, until cancelled.
concur::task<void> watch_config(std::string path, config& cfg);
/// Reads the blocklist file (one host per line, '#' comments).
concur::task<std::vector<std::string>> load_blocklist(std::string path);

// ---- storage (link_store.cpp) ------------------------------------------------------------

/// Short codes and their URLs in an append-only file, indexed in memory. Methods are called on
/// the loop thread; file writes happen on the loop's blocking pool.
class link_store {
public:
  /// Opens (or creates) the data file and indexes it. Blocks: call before the loop starts.
  explicit link_store(std::string path);
  ~link_store();
  link_store(const link_store&) = delete;
  link_store& operator=(const link_store&) = delete;

  /// The URL stored under code, if any.
  concur::task<std::optional<std::string>> find(std::string code);
  /// Stores url under a fresh code and returns the code.
  concur::task<std::string> put(std::string url);
  /// Copies the data file to <path>.bak on a worker of pool; returns the bytes copied.
  concur::task<std::size_t> backup(concur::thread_pool& pool);

  std::size_t size() const noexcept { return index_.size(); }

private:
  std::string path_;
  int fd_ = -1;
  std::mutex append_mu_; // appends run on pool threads
  std::unordered_map<std::string, off_t> index_;
  std::uint64_t next_id_ = 1;
};

// ---- metrics and access log (metrics.cpp) ------------------------------------------------

/// Request counters; cheap enough to bump from any handler.
struct metrics {
  std::atomic<std::uint64_t> requests{0};
  std::atomic<std::uint64_t> redirects{0};
  std::atomic<std::uint64_t> created{0};
  std::atomic<std::uint64_t> not_found{0};
  std::atomic<std::uint64_t> errors{0};

  /// Prometheus-style text.
  std::string render() const;
};

/// Appends one line per request to a file (stdio-buffered, flushed per line).
class access_log {
public:
  explicit access_log(const std::string& path);
  ~access_log();
  access_log(const access_log&) = delete;
  access_log& operator=(const access_log&) = delete;
  void write(std::string_view method, std::string_view target, int status);

private:
  std::FILE* file_ = nullptr;
  std::mutex mu_;
};

/// Writes a metrics snapshot to path every interval, until cancelled.
concur::task<void> report_metrics(const metrics& m, std::string path, std::chrono::seconds every,
                                  concur::thread_pool& pool);

} // namespace shortlink
