// The HTTP front end and main(). Routes:
//   POST /shorten        body is a URL; answers 201 with its short code
//   GET  /<code>         302 to the stored URL
//   GET  /static/<file>  a file from cfg.static_dir
//   GET  /metrics        counters;  GET /health  store size and memory
//   POST /admin/reload   re-reads the config file
// One request per connection (Connection: close), as a small internal service would do.

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <system_error>
#include <thread>
#include <utility>

#include "service.hpp"

namespace shortlink {
namespace {

struct request {
  std::string method;
  std::string target;
  std::string body;
};

struct reply {
  int status;
  std::string text;
};

struct app {
  std::string config_path;
  config cfg;
  link_store store;
  metrics counters;
  access_log log;
  std::vector<std::string> blocklist;
  concur::thread_pool pool{2};

  app(std::string path, config c)
      : config_path(std::move(path)), cfg(std::move(c)), store(cfg.data_file), log(cfg.access_log) {}
};

std::optional<std::size_t> content_length(std::string_view head) {
  std::string lower(head);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  auto at = lower.find("\r\ncontent-length:");
  if (at == std::string::npos)
    return std::nullopt;
  return std::stoul(lower.substr(at + 17));
}

// Reads one request: the head up to the blank line, then a Content-Length body.
concur::task<std::optional<request>> read_request(concur::tcp_stream& s) {
  std::string buf;
  char chunk[4096];
  std::size_t head_end;
  while ((head_end = buf.find("\r\n\r\n")) == std::string::npos) {
    if (buf.size() > 64 * 1024)
      co_return std::nullopt;
    std::size_t n = co_await s.read_some(chunk, sizeof chunk);
    if (n == 0)
      co_return std::nullopt;
    buf.append(chunk, n);
  }
  std::string_view head(buf.data(), head_end);
  auto sp1 = head.find(' ');
  auto sp2 = sp1 == std::string_view::npos ? sp1 : head.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos)
    co_return std::nullopt;
  request r{std::string(head.substr(0, sp1)), std::string(head.substr(sp1 + 1, sp2 - sp1 - 1)),
            buf.substr(head_end + 4)};
  std::size_t length = content_length(head).value_or(0);
  while (r.body.size() < length) {
    std::size_t n = co_await s.read_some(chunk, sizeof chunk);
    if (n == 0)
      co_return std::nullopt;
    r.body.append(chunk, n);
  }
  r.body.resize(length);
  co_return r;
}

std::string render(int status, std::string_view body, std::string_view extra_headers = {}) {
  const char* reason = status == 200   ? "OK"
                       : status == 201 ? "Created"
                       : status == 302 ? "Found"
                       : status == 400 ? "Bad Request"
                       : status == 403 ? "Forbidden"
                       : status == 404 ? "Not Found"
                       : status == 405 ? "Method Not Allowed"
                                       : "Internal Server Error";
  std::string out = "HTTP/1.1 " + std::to_string(status) + " " + reason + "\r\n";
  out += extra_headers;
  out += "Content-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n";
  out += body;
  return out;
}

std::string host_of(std::string_view url) {
  if (auto scheme = url.find("://"); scheme != std::string_view::npos)
    url.remove_prefix(scheme + 3);
  return std::string(url.substr(0, url.find_first_of("/:?#")));
}

bool blocked(const std::vector<std::string>& blocklist, std::string_view url) {
  return std::find(blocklist.begin(), blocklist.end(), host_of(url)) != blocklist.end();
}

// Resident memory from /proc; a plain blocking helper.
long current_rss_kib() {
  std::FILE* f = std::fopen("/proc/self/status", "r");
  if (!f)
    return -1;
  char line[256];
  long kib = -1;
  while (std::fgets(line, sizeof line, f))
    if (std::strncmp(line, "VmRSS:", 6) == 0)
      kib = std::strtol(line + 6, nullptr, 10);
  std::fclose(f);
  return kib;
}

std::string health_report(const link_store& store) {
  return "links " + std::to_string(store.size()) + "\nrss_kib " + std::to_string(current_rss_kib()) +
         "\n";
}

std::string read_static_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw std::system_error(std::make_error_code(std::errc::no_such_file_or_directory), path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// A lookup that hits a transient disk error is retried with exponential backoff.
concur::task<std::optional<std::string>> find_with_retry(link_store& store, std::string code,
                                                         const config& cfg) {
  for (int attempt = 0;; ++attempt) {
    try {
      co_return co_await store.find(code);
    } catch (const std::system_error&) {
      if (attempt + 1 >= cfg.max_retries)
        throw;
    }
    auto backoff = cfg.retry_backoff * (1 << attempt);
    std::this_thread::sleep_for(backoff);
  }
}

concur::task<reply> route(request& req, app& a) {
  if (req.method == "POST" && req.target == "/shorten") {
    if (req.body.find("://") == std::string::npos)
      co_return reply{400, render(400, "not a URL\n")};
    if (blocked(a.blocklist, req.body))
      co_return reply{403, render(403, "host is blocklisted\n")};
    std::string code = co_await a.store.put(req.body);
    a.counters.created++;
    co_return reply{201, render(201, code + "\n")};
  }
  if (req.method == "POST" && req.target == "/admin/reload") {
    config fresh = co_await load_config_async(a.config_path);
    a.blocklist = co_await load_blocklist(fresh.blocklist_file);
    a.cfg.retry_backoff = fresh.retry_backoff;
    a.cfg.max_retries = fresh.max_retries;
    co_return reply{200, render(200, "reloaded\n")};
  }
  if (req.method != "GET")
    co_return reply{405, render(405, "")};
  if (req.target == "/metrics")
    co_return reply{200, render(200, a.counters.render())};
  if (req.target == "/health")
    co_return reply{200, render(200, health_report(a.store))};
  if (req.target.starts_with("/static/")) {
    std::string name = req.target.substr(8);
    if (name.empty() || name.find("..") != std::string::npos)
      co_return reply{400, render(400, "bad file name\n")};
    std::string path = a.cfg.static_dir + "/" + name;
    std::string body = co_await concur::to_thread([&] { return read_static_file(path); });
    co_return reply{200, render(200, body)};
  }
  auto url = co_await find_with_retry(a.store, req.target.substr(1), a.cfg);
  if (!url) {
    a.counters.not_found++;
    co_return reply{404, render(404, "no such link\n")};
  }
  a.counters.redirects++;
  co_return reply{302, render(302, "", "Location: " + *url + "\r\n")};
}

concur::task<void> handle_client(concur::tcp_stream s, app& a) {
  std::optional<request> req;
  try {
    req = co_await read_request(s);
  } catch (const std::system_error&) {
    co_return; // the peer went away
  }
  if (!req)
    co_return;
  a.counters.requests++;
  reply r{500, render(500, "internal error\n")};
  try {
    r = co_await route(*req, a);
  } catch (const std::exception&) {
    a.counters.errors++;
  }
  a.log.write(req->method, req->target, r.status);
  co_await s.write_all(r.text);
}

concur::task<void> serve(concur::tcp_listener listener, app& a) {
  for (;;) {
    concur::tcp_stream s;
    bool out_of_descriptors = false;
    try {
      s = co_await listener.accept();
    } catch (const std::system_error& e) {
      if (e.code().value() != EMFILE && e.code().value() != ENFILE)
        throw;
      out_of_descriptors = true;
    }
    if (out_of_descriptors) {
      usleep(100000); // give open connections a moment to finish
      continue;
    }
    concur::spawn(handle_client(std::move(s), a), "client").detach();
  }
}

concur::task<int> run_service(app& a) {
  a.blocklist = co_await load_blocklist(a.cfg.blocklist_file);
  std::size_t backed_up = co_await a.store.backup(a.pool);
  auto listener = concur::tcp_listener::bind(a.cfg.host, a.cfg.port);
  std::printf("shortlink: %zu links (%zu bytes backed up), listening on %s:%u\n", a.store.size(),
              backed_up, a.cfg.host.c_str(), static_cast<unsigned>(listener.local_port()));
  std::fflush(stdout); // NOLINT(concur-blocking-call-in-coroutine): once, at startup
  auto watcher = concur::spawn(watch_config(a.config_path, a.cfg), "config");
  auto reporter = concur::spawn(
      report_metrics(a.counters, a.cfg.metrics_file, a.cfg.metrics_interval, a.pool), "metrics");
  co_await serve(std::move(listener), a);
  co_return 0;
}

} // namespace
} // namespace shortlink

int main(int argc, char** argv) {
  std::string config_path = argc > 1 ? argv[1] : "shortlink.conf";
  // Before the loop starts, blocking is fine.
  shortlink::config cfg =
      ::access(config_path.c_str(), R_OK) == 0 ? shortlink::load_config(config_path) : shortlink::config{};
  shortlink::app a(config_path, std::move(cfg));
  return concur::run(shortlink::run_service(a));
}
