//===--- ModelAdvisor.cpp - concur ----------------------------------------===//

#include "analysis/advice/ModelAdvisor.h"
#include <algorithm>

namespace clang::tidy::concur {

const char *modelToken(Model M) {
  switch (M) {
  case Model::EventLoop:
    return "event-loop";
  case Model::EventLoopOffload:
    return "event-loop+offload";
  case Model::ThreadPool:
    return "thread-pool";
  case Model::CpuPool:
    return "cpu-pool";
  case Model::ProcessPool:
    return "process-pool";
  }
  return "thread-pool";
}

static const char *unit(Starter How) {
  switch (How) {
  case Starter::Thread:
  case Starter::PthreadCreate:
    return "thread";
  case Starter::Async:
    return "std::async task";
  case Starter::PoolSubmit:
    return "pool job";
  case Starter::LoopSpawn:
  case Starter::Coroutine:
    return "task";
  }
  return "task";
}

std::string describeFanOut(const FanOut &Fan, Starter How) {
  std::string U = unit(How);
  std::string Text;
  switch (Fan.K) {
  case FanOut::Kind::PerElement:
    Text = "1 " + U + " per element of '" + Fan.Container + "'";
    break;
  case FanOut::Kind::Constant:
    Text = std::to_string(Fan.Count) + " " + U + (Fan.Count == 1 ? "" : "s");
    break;
  case FanOut::Kind::Unknown:
    Text = "1 " + U + " per loop iteration";
    break;
  case FanOut::Kind::Single:
    Text = "1 " + U;
    break;
  }
  if (Fan.Nested)
    Text += ", in a nested loop";
  return Text;
}

/// "connect, send, recv" (at most four, in order of appearance).
static std::string list(const std::vector<std::string> &Names) {
  std::string Text;
  for (size_t I = 0; I < Names.size() && I < 4; ++I)
    Text += (I ? ", " : "") + Names[I];
  if (Names.size() > 4)
    Text += ", ...";
  return Text;
}

static std::optional<Advice> adviseAnyStarter(const WorkProfile &Work, const FanOut &Fan,
                                              Starter How, unsigned FanOutThreshold);

std::optional<Advice> advise(const WorkProfile &Work, const FanOut &Fan, Starter How,
                             unsigned FanOutThreshold) {
  std::optional<Advice> A = adviseAnyStarter(Work, Fan, How, FanOutThreshold);
  // Jobs handed to a pool already use a pool: "use a thread pool" would name
  // what the code does (a process pool or an event loop would change it).
  if (A && How == Starter::PoolSubmit &&
      (A->Recommended == Model::ThreadPool || A->Recommended == Model::CpuPool))
    return std::nullopt;
  return A;
}

static std::optional<Advice> adviseAnyStarter(const WorkProfile &Work, const FanOut &Fan,
                                              Starter How, unsigned FanOutThreshold) {
  std::string Fanned = describeFanOut(Fan, How);
  bool Large =
      Fan.isUnbounded() || (Fan.K == FanOut::Kind::Constant && Fan.Count > FanOutThreshold);
  bool OnLoop = How == Starter::LoopSpawn || How == Starter::Coroutine;
  // Threads that each run an event loop already use the event-loop model:
  // their loops are where the I/O waits, not the work to advise on.
  if (Work.RunsEventLoop && !OnLoop)
    return std::nullopt;

  if (Work.isCPU()) {
    if (!Work.MtUnsafe.empty())
      return Advice{Model::ProcessPool,
                    Fanned + " doing CPU work that calls thread-unsafe " + list(Work.MtUnsafe)};
    return Advice{Model::CpuPool,
                  Fanned + " doing CPU work: run it on one thread per core (no GIL in C++)"};
  }
  if (!Work.isIO())
    return std::nullopt;
  if (!Work.SyncOnlyIO.empty() && !Work.AsyncCapableIO.empty() && Large)
    return Advice{Model::EventLoopOffload, Fanned + " doing I/O (" + list(Work.AsyncCapableIO) +
                                               ") and calling sync-only " + list(Work.SyncOnlyIO) +
                                               ": keep the loop, offload those with to_thread"};
  if (OnLoop && !Work.SyncOnlyIO.empty())
    return Advice{Model::EventLoopOffload, Fanned + " on an event loop calling sync-only " +
                                               list(Work.SyncOnlyIO) +
                                               ": offload them with to_thread"};
  if (Work.SyncOnlyIO.empty() && Large)
    return Advice{Model::EventLoop,
                  Fanned + " doing " +
                      std::string(Work.AsyncCapableIO.size() ? "network I/O: " : "") +
                      list(Work.AsyncCapableIO)};
  if (OnLoop)
    return std::nullopt; // Already on a loop, with async-capable I/O: nothing to change.
  return Advice{
      Model::ThreadPool,
      Fanned + " doing blocking I/O (" +
          list(Work.SyncOnlyIO.empty() ? Work.AsyncCapableIO : Work.SyncOnlyIO) +
          (Large ? "): bound it with a thread pool" : ") at modest fan-out: a thread pool")};
}

} // namespace clang::tidy::concur
