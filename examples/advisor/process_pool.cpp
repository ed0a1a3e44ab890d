// A log tokenizer that counts words with strtok and samples with rand, one
// thread per file: CPU work in functions with hidden static state, so threads
// would race. Advisor: process-pool.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

static long count_words(std::string text) {
  long words = 0;
  for (char *token = std::strtok(text.data(), " \n"); token; token = std::strtok(nullptr, " \n"))
    words += std::rand() % 100 == 0 ? 0 : 1; // sample 99% of the words
  return words;
}

int main(int argc, char **argv) {
  std::vector<std::string> documents(argv + 1, argv + argc);
  std::vector<long> counts(documents.size());
  std::vector<std::thread> workers;
  for (std::size_t i = 0; i < documents.size(); ++i)
    workers.emplace_back([&, i] { counts[i] = count_words(documents[i]); });
  for (std::thread &t : workers)
    t.join();
  for (long c : counts)
    std::printf("%ld\n", c);
}
