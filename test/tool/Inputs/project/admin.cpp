#include "service.h"

test::task<> admin() {
  auto flush = flush_later();
  long size = file_size("/var/log/app.log");
  (void)size, (void)flush;
  co_return;
}
