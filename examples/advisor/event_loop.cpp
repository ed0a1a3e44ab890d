// A health checker that opens one thread per host and does network I/O:
// thousands of hosts mean thousands of stacks. Advisor: event-loop.
#include <arpa/inet.h>
#include <cstdio>
#include <netinet/in.h>
#include <string>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

static bool probe(const std::string &ip) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(80);
  inet_pton(AF_INET, ip.c_str(), &addr.sin_addr);
  bool up = connect(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) == 0;
  const char request[] = "HEAD / HTTP/1.0\r\n\r\n";
  char reply[128];
  up = up && send(fd, request, sizeof request - 1, 0) > 0 && recv(fd, reply, sizeof reply, 0) > 0;
  close(fd);
  return up;
}

int main(int argc, char **argv) {
  std::vector<std::string> hosts(argv + 1, argv + argc);
  std::vector<std::thread> checkers;
  for (const std::string &host : hosts)
    checkers.emplace_back([host] { std::printf("%s %s\n", host.c_str(), probe(host) ? "up" : "down"); });
  for (std::thread &t : checkers)
    t.join();
}
