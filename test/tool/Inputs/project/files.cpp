#include "service.h"
#include <fcntl.h>

long file_size(const char *path) {
  int fd = open(path, O_RDONLY);
  char buffer[256];
  long total = 0;
  for (long n; (n = read(fd, buffer, sizeof buffer)) > 0;)
    total += n;
  close(fd);
  return total;
}
