// A small HTTP/1.1 client: GET a path from host:port and print the status line and body size.
// Several requests run concurrently with gather, each bounded by a timeout.
//   http_client <host> <port> <path> [copies]
//   e.g. python3 -m http.server 8000 & http_client 127.0.0.1 8000 / 4
#include <concur/concur.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

using namespace std::chrono_literals;

struct response {
  std::string status_line;
  std::size_t body_bytes = 0;
};

concur::task<response> get(std::string host, std::uint16_t port, std::string path) {
  auto conn = co_await concur::tcp_stream::connect(host, port);
  std::string request = "GET " + path + " HTTP/1.1\r\nHost: " + host +
                        "\r\nConnection: close\r\nUser-Agent: concur-example\r\n\r\n";
  co_await conn.write_all(request);
  std::string raw;
  char buf[8192];
  for (;;) { // Connection: close: the body ends at end of stream
    std::size_t n = co_await conn.read_some(buf, sizeof buf);
    if (n == 0)
      break;
    raw.append(buf, n);
  }
  response r;
  r.status_line = raw.substr(0, raw.find("\r\n"));
  auto header_end = raw.find("\r\n\r\n");
  r.body_bytes = header_end == std::string::npos ? 0 : raw.size() - header_end - 4;
  co_return r;
}

concur::task<int> fetch_all(std::string host, std::uint16_t port, std::string path, int copies) {
  std::vector<concur::task<response>> requests;
  for (int i = 0; i < copies; ++i)
    requests.push_back(concur::timeout(5s, get(host, port, path)));
  try {
    auto responses = co_await concur::gather(std::move(requests));
    for (auto& r : responses)
      std::printf("%s (%zu body bytes)\n", r.status_line.c_str(), r.body_bytes);
    co_return 0;
  } catch (const concur::timeout_error&) {
    std::fprintf(stderr, "http_client: timed out\n");
  } catch (const std::system_error& e) {
    std::fprintf(stderr, "http_client: %s\n", e.what());
  }
  co_return 1;
}

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: http_client <host> <port> <path> [copies]\n");
    return 2;
  }
  int copies = argc > 4 ? std::atoi(argv[4]) : 1;
  return concur::run(fetch_all(argv[1], static_cast<std::uint16_t>(std::atoi(argv[2])), argv[3], copies));
}
