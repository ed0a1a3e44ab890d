#include "service.h"

int parse_port(const char *text) {
  int port = 0;
  for (; *text; ++text)
    port = port * 10 + (*text - '0');
  return port;
}

int load_settings() { return static_cast<int>(file_size("/etc/app.conf")); }

int Store::fetch(int key) { return key + load_settings(); }
