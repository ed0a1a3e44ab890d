// A server on concur's event loop whose handlers also read files with a
// synchronous API. Advisor: event-loop+offload (keep the loop, offload the
// file reads with to_thread).
#include <concur/concur.hpp>
#include <fstream>
#include <sstream>
#include <string>

static std::string read_template(const std::string &path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

static concur::task<void> serve(concur::tcp_stream client) {
  std::string page = read_template("templates/index.html");
  co_await client.write_all(page.data(), page.size());
}

static concur::task<void> accept_loop(concur::tcp_listener &listener) {
  for (;;) {
    concur::tcp_stream client = co_await listener.accept();
    concur::spawn(serve(std::move(client)));
  }
}

int main() {
  concur::run([]() -> concur::task<void> {
    auto listener = concur::tcp_listener::bind("127.0.0.1", 8080);
    co_await accept_loop(listener);
  }());
}
