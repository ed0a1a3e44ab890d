// The link store: an append-only file of (code, url) records and an in-memory index.

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include "service.hpp"

namespace shortlink {
namespace {

struct record_header {
  std::uint32_t code_len;
  std::uint32_t url_len;
};

struct record {
  std::string code;
  std::string url;
};

[[noreturn]] void fail(const char* what) { throw std::system_error(errno, std::system_category(), what); }

// Short codes are base-62 numbers.
std::string encode_id(std::uint64_t id) {
  static constexpr char digits[] = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  std::string out;
  do {
    out.insert(out.begin(), digits[id % 62]);
    id /= 62;
  } while (id != 0);
  return out;
}

// Reads the record at offset (nullopt at end of file).
std::optional<record> read_record(int fd, off_t offset) {
  record_header h{};
  ssize_t n = ::pread(fd, &h, sizeof h, offset);
  if (n == 0)
    return std::nullopt;
  if (n != static_cast<ssize_t>(sizeof h))
    fail("link_store: short record header");
  record r;
  r.code.resize(h.code_len);
  r.url.resize(h.url_len);
  offset += sizeof h;
  if (::pread(fd, r.code.data(), h.code_len, offset) != static_cast<ssize_t>(h.code_len) ||
      ::pread(fd, r.url.data(), h.url_len, offset + h.code_len) != static_cast<ssize_t>(h.url_len))
    fail("link_store: short record");
  return r;
}

std::optional<std::string> load_url(int fd, off_t offset) {
  auto r = read_record(fd, offset);
  if (!r)
    return std::nullopt;
  return std::move(r->url);
}

off_t append_record(int fd, const std::string& code, const std::string& url) {
  off_t at = ::lseek(fd, 0, SEEK_END);
  record_header h{static_cast<std::uint32_t>(code.size()), static_cast<std::uint32_t>(url.size())};
  std::string buf(reinterpret_cast<const char*>(&h), sizeof h);
  buf += code;
  buf += url;
  if (::pwrite(fd, buf.data(), buf.size(), at) != static_cast<ssize_t>(buf.size()))
    fail("link_store: write");
  if (::fdatasync(fd) < 0)
    fail("link_store: fdatasync");
  return at;
}

} // namespace

// Not a coroutine: indexing the file blocks, which is fine before the loop starts.
link_store::link_store(std::string path) : path_(std::move(path)) {
  fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0)
    fail("link_store: open");
  off_t at = 0;
  while (auto r = read_record(fd_, at)) {
    index_[r->code] = at;
    at += static_cast<off_t>(sizeof(record_header) + r->code.size() + r->url.size());
    ++next_id_;
  }
}

link_store::~link_store() {
  if (fd_ >= 0)
    ::close(fd_);
}

concur::task<std::optional<std::string>> link_store::find(std::string code) {
  auto it = index_.find(code);
  if (it == index_.end())
    co_return std::nullopt;
  co_return load_url(fd_, it->second); // reads the disk on the loop thread
}

concur::task<std::string> link_store::put(std::string url) {
  std::string code = encode_id(next_id_++);
  off_t at = co_await concur::to_thread([&] {
    std::lock_guard lock(append_mu_);
    return append_record(fd_, code, url);
  });
  index_[code] = at;
  co_return code;
}

concur::task<std::size_t> link_store::backup(concur::thread_pool& pool) {
  concur::event_loop& loop = *concur::event_loop::current();
  std::string target = path_ + ".bak";
  co_await concur::resume_on(pool);
  // On a pool worker until the hop back: blocking file I/O is what the pool is for.
  int out = ::open(target.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (out < 0)
    fail("link_store: open backup");
  std::size_t copied = 0;
  {
    std::lock_guard lock(append_mu_);
    char buf[1 << 16];
    ssize_t n;
    while ((n = ::pread(fd_, buf, sizeof buf, static_cast<off_t>(copied))) > 0) {
      if (::write(out, buf, static_cast<std::size_t>(n)) != n)
        break;
      copied += static_cast<std::size_t>(n);
    }
  }
  ::fsync(out);
  ::close(out);
  co_await concur::resume_on(loop);
  co_return copied;
}

} // namespace shortlink
