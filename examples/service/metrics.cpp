// Metrics (counters, a periodic snapshot file) and the access log.

#include <cinttypes>
#include <cstdio>
#include <fstream>
#include <future>
#include <string>

#include "service.hpp"

namespace shortlink {
namespace {

bool write_snapshot(const std::string& path, const std::string& text) {
  std::ofstream out(path + ".tmp", std::ios::trunc);
  out << text;
  out.close();
  return out && std::rename((path + ".tmp").c_str(), path.c_str()) == 0;
}

} // namespace

std::string metrics::render() const {
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "shortlink_requests_total %" PRIu64 "\n"
                "shortlink_redirects_total %" PRIu64 "\n"
                "shortlink_created_total %" PRIu64 "\n"
                "shortlink_not_found_total %" PRIu64 "\n"
                "shortlink_errors_total %" PRIu64 "\n",
                requests.load(), redirects.load(), created.load(), not_found.load(), errors.load());
  return buf;
}

access_log::access_log(const std::string& path) : file_(std::fopen(path.c_str(), "a")) {}

access_log::~access_log() {
  if (file_)
    std::fclose(file_);
}

// Not a coroutine, so not reported here; but the handlers in server.cpp call it on the loop
// thread, and the check does not follow calls into another translation unit.
void access_log::write(std::string_view method, std::string_view target, int status) {
  if (!file_)
    return;
  std::lock_guard lock(mu_);
  std::fprintf(file_, "%ld %.*s %.*s %d\n", static_cast<long>(std::time(nullptr)),
               static_cast<int>(method.size()), method.data(), static_cast<int>(target.size()),
               target.data(), status);
  std::fflush(file_);
}

concur::task<void> report_metrics(const metrics& m, std::string path, std::chrono::seconds every,
                                  concur::thread_pool& pool) {
  for (;;) {
    co_await concur::sleep_for(every);
    std::string text = m.render();
    // The write goes to the pool (fine), but waiting for it with get() parks the loop thread.
    std::future<bool> written = pool.submit([&] { return write_snapshot(path, text); });
    if (!written.get())
      // NOLINTNEXTLINE(concur-blocking-call-in-coroutine): rare, and stderr is unbuffered
      std::fprintf(stderr, "shortlink: cannot write %s\n", path.c_str());
  }
}

} // namespace shortlink
