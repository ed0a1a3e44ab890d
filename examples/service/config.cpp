// Configuration: a "key = value" file, reloaded while the service runs.

#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <istream>
#include <stdexcept>
#include <string>

#include "service.hpp"

namespace shortlink {
namespace {

std::string trim(std::string s) {
  auto first = s.find_first_not_of(" \t\r");
  auto last = s.find_last_not_of(" \t\r");
  return first == std::string::npos ? std::string() : s.substr(first, last - first + 1);
}

config parse_config(std::istream& in) {
  config cfg;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#')
      continue;
    auto eq = line.find('=');
    if (eq == std::string::npos)
      continue;
    std::string key = trim(line.substr(0, eq)), value = trim(line.substr(eq + 1));
    if (key == "host")
      cfg.host = value;
    else if (key == "port")
      cfg.port = static_cast<std::uint16_t>(std::stoi(value));
    else if (key == "data_file")
      cfg.data_file = value;
    else if (key == "access_log")
      cfg.access_log = value;
    else if (key == "metrics_file")
      cfg.metrics_file = value;
    else if (key == "blocklist_file")
      cfg.blocklist_file = value;
    else if (key == "static_dir")
      cfg.static_dir = value;
    else if (key == "retry_backoff_ms")
      cfg.retry_backoff = std::chrono::milliseconds(std::stoi(value));
    else if (key == "reload_interval_s")
      cfg.reload_interval = std::chrono::seconds(std::stoi(value));
    else if (key == "metrics_interval_s")
      cfg.metrics_interval = std::chrono::seconds(std::stoi(value));
    else if (key == "max_retries")
      cfg.max_retries = std::stoi(value);
  }
  return cfg;
}

std::time_t file_mtime(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 ? st.st_mtime : 0;
}

bool config_changed(const std::string& path, std::time_t& seen) {
  std::time_t now = file_mtime(path);
  if (now == seen)
    return false;
  seen = now;
  return true;
}

} // namespace

// Not a coroutine: blocking here is fine (main() calls it before the loop starts).
config load_config(const std::string& path) {
  std::ifstream in(path);
  if (!in)
    throw std::runtime_error("shortlink: cannot read config " + path);
  return parse_config(in);
}

concur::task<config> load_config_async(std::string path) {
  std::ifstream in(path); // opens the file on the loop thread
  if (!in)
    throw std::runtime_error("shortlink: cannot read config " + path);
  co_return parse_config(in);
}

concur::task<void> watch_config(std::string path, config& cfg) {
  std::time_t seen = co_await concur::to_thread([&] { return file_mtime(path); });
  for (;;) {
    co_await concur::sleep_for(cfg.reload_interval);
    if (!config_changed(path, seen))
      continue;
    // The reload itself is offloaded correctly: the lambda runs on the blocking pool.
    config fresh = co_await concur::to_thread([&] { return load_config(path); });
    fresh.port = cfg.port; // the listener is already bound
    fresh.host = cfg.host;
    cfg = std::move(fresh);
  }
}

concur::task<std::vector<std::string>> load_blocklist(std::string path) {
  std::vector<std::string> hosts;
  if (path.empty())
    co_return hosts;
  std::FILE* f = std::fopen(path.c_str(), "r");
  if (!f)
    co_return hosts;
  std::string text;
  char buf[4096];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0)
    text.append(buf, n);
  std::fclose(f);
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string::npos)
      end = text.size();
    std::string host = trim(text.substr(pos, end - pos));
    if (!host.empty() && host[0] != '#')
      hosts.push_back(std::move(host));
    pos = end + 1;
  }
  co_return hosts;
}

} // namespace shortlink
