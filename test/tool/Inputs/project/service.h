// A small service split over four files, as real code is: the coroutine
// server in server.cpp, its settings in settings.cpp, file helpers in
// files.cpp, and an admin endpoint in admin.cpp.
#pragma once
#include "coro.h"
#include <unistd.h>

int load_settings();             // settings.cpp: reads a file through files.cpp
int parse_port(const char *text); // settings.cpp: pure computation
long file_size(const char *path); // files.cpp: opens and reads

struct Store {
  int fetch(int key); // settings.cpp: reads the settings
};

// Included by two TUs: its finding must be reported once.
inline test::task<> flush_later() {
  sleep(1);
  co_return;
}
