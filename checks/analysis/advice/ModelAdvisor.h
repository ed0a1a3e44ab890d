//===--- ModelAdvisor.h - concur --------------------------------*- C++ -*-===//
//
// The decision: given what a fanned-out piece of work does and how many
// copies of it run, which concurrency model fits. C++ has no GIL, so unlike
// Python's advice, CPU-bound work wants threads (one per core), not
// processes; processes are for thread-unsafe code or crash isolation. A
// thread reserves a stack (8 MiB of address space by default) where a
// coroutine frame is a few hundred bytes, so high fan-out I/O wants an event
// loop. docs/advisor.md explains each rule and the numbers behind it.
//
//===----------------------------------------------------------------------===//

#ifndef CONCUR_CHECKS_ANALYSIS_ADVICE_MODELADVISOR_H
#define CONCUR_CHECKS_ANALYSIS_ADVICE_MODELADVISOR_H

#include "clang/Basic/SourceLocation.h"
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace clang::tidy::concur {

enum class Model { EventLoop, EventLoopOffload, ThreadPool, CpuPool, ProcessPool };

/// Every model, in the order reports list them.
inline constexpr Model AllModels[] = {Model::EventLoop, Model::EventLoopOffload, Model::ThreadPool,
                                      Model::CpuPool, Model::ProcessPool};

/// The token users see: event-loop, event-loop+offload, thread-pool, cpu-pool, process-pool.
/// The one spelling of each: messages, `concur advise` and docs/advisor.md use it.
const char *modelToken(Model M);

/// How many copies of the work run at once.
struct FanOut {
  enum class Kind { Constant, PerElement, Unknown, Single };
  Kind K = Kind::Unknown;
  unsigned long long Count = 0; // for Constant
  std::string Container;        // for PerElement: the container's name
  bool Nested = false;          // inside another loop: counts multiply
  bool isUnbounded() const { return K == Kind::PerElement || K == Kind::Unknown || Nested; }
};

/// What the work does, from its calls (through the functions it calls).
struct WorkProfile {
  std::vector<std::string> AsyncCapableIO; // network, sleep: have async forms on a loop
  std::vector<std::string> SyncOnlyIO;     // file, database, http, dns, ipc, process, wait
  std::vector<std::string> MtUnsafe;       // strtok, rand, localtime, ...
  bool ComputeLoops = false;               // loops of computation
  bool RunsEventLoop = false;              // runs an event loop (io_context::run, sync_wait)
  /// Where the evidence is, for notes: the call and what it is.
  std::vector<std::pair<SourceLocation, std::string>> Evidence;
  bool isIO() const { return !AsyncCapableIO.empty() || !SyncOnlyIO.empty(); }
  bool isCPU() const { return ComputeLoops && !isIO(); }
};

/// How the work is started today.
enum class Starter { Thread, Async, PthreadCreate, PoolSubmit, LoopSpawn, Coroutine };

struct Advice {
  Model Recommended;
  std::string Reason; // one line, for the message
};

/// The recommendation, or none when the work gives no evidence either way.
std::optional<Advice> advise(const WorkProfile &Work, const FanOut &Fan, Starter How,
                             unsigned FanOutThreshold);

/// "1 thread per element of 'hosts'", "16 std::async tasks", ...
std::string describeFanOut(const FanOut &Fan, Starter How);

} // namespace clang::tidy::concur

#endif
