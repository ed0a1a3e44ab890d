// A backup tool that copies a handful of directories' index files with
// blocking file I/O, one thread each. Advisor: thread-pool.
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

static void copy_index(int volume) {
  char source[64], target[64], buffer[1 << 16];
  std::snprintf(source, sizeof source, "/srv/volume%d/index", volume);
  std::snprintf(target, sizeof target, "/backup/volume%d.index", volume);
  std::FILE *in = std::fopen(source, "rb");
  std::FILE *out = std::fopen(target, "wb");
  if (!in || !out)
    return;
  for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, in)) > 0;)
    std::fwrite(buffer, 1, n, out);
  std::fclose(in);
  std::fclose(out);
}

int main() {
  std::vector<std::thread> copiers;
  for (int volume = 0; volume < 6; ++volume)
    copiers.emplace_back(copy_index, volume);
  for (std::thread &t : copiers)
    t.join();
}
