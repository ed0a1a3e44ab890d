#include "service.h"

static int warm_up() { return load_settings(); }

test::task<> serve(Store &store) {
  int port = parse_port("8080");
  int timeout = load_settings();
  int value = store.fetch(port);
  int warm = warm_up();
  (void)timeout, (void)value, (void)warm;
  co_return;
}
