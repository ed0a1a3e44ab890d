#include "service.h"

test::task<> admin() {
  flush_later();
  long size = file_size("/var/log/app.log");
  (void)size;
  co_return;
}
