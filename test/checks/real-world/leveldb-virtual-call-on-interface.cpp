// RUN: %check_concur %s concur-unguarded-shared-state %t \
// RUN:   --config="{CheckOptions: {concur-unguarded-shared-state.ThreadStartFunctions: 'Env::StartThread'}}" \
// RUN:   -- -pthread
// Regression test from docs/real-world.md. The analyzer of 231729e reported leveldb benchmarks/db_bench.cc:260 and :276 ("'*g_env' is written by the
// thread started at db_bench.cc:725") and db/db_impl.cc against DB::Put at
// db_impl.cc:1491/1497 ("'*this' is also written here, in public member function
// 'DB::Put'"): a call of a pure virtual member with no body in the translation unit
// (Env::NowMicros, DB::Write) is counted as a write of the whole object, though the
// interface is documented thread-safe and the implementation locks.
// No longer reported since e7b1440 (a call with no visible body is a call, not a write).

#include <cstdint>

class Env {
public:
  virtual ~Env() = default;
  virtual uint64_t NowMicros() = 0;
  virtual void StartThread(void (*function)(void *), void *arg) = 0;
};

Env *g_env = nullptr;

struct Stats {
  uint64_t start_ = 0;
  void Start() { start_ = g_env->NowMicros(); }
};

void ThreadBody(void *arg) { static_cast<Stats *>(arg)->Start(); }

void RunBenchmark(int n) {
  for (int i = 0; i < n; ++i)
    g_env->StartThread(ThreadBody, new Stats);
}
