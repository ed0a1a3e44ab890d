//===--- ProjectIndex.cpp - concur ----------------------------------------===//

#include "analysis/project/ProjectIndex.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"
#include <mutex>
#include <nlohmann/json.hpp>

namespace clang::tidy::concur {

using nlohmann::json;

static llvm::Error formatError(llvm::StringRef Path, llvm::StringRef What) {
  return llvm::createStringError(
      llvm::inconvertibleErrorCode(),
      "'" + Path + "' is not a concur summary or index of this version (" + What + ")");
}

static json toJson(const FilePosition &P) {
  return {{"file", P.File}, {"line", P.Line}, {"column", P.Column}};
}
static FilePosition positionFrom(const json &J) {
  return {J.at("file").get<std::string>(), J.at("line").get<unsigned>(), J.value("column", 0u)};
}
static json toJson(const DirectBlock &D) {
  return {
      {"name", D.Name}, {"category", D.Category}, {"certainty", D.Certainty}, {"at", toJson(D.At)}};
}
static DirectBlock directFrom(const json &J) {
  return {J.at("name").get<std::string>(), J.value("category", ""), J.value("certainty", ""),
          positionFrom(J.at("at"))};
}
static json toJson(const CallEdge &E) {
  return {{"usr", E.CalleeUSR}, {"name", E.CalleeName}, {"at", toJson(E.At)}};
}
static CallEdge edgeFrom(const json &J) {
  return {J.at("usr").get<std::string>(), J.value("name", ""), positionFrom(J.at("at"))};
}

static json toJson(const IndexedPath &P) { return {{"root", P.Root}, {"steps", P.Steps}}; }
static IndexedPath pathFrom(const json &J) {
  return {J.at("root").get<std::string>(), J.value("steps", std::vector<std::string>())};
}
static json toJson(const std::vector<IndexedPath> &Paths) {
  json J = json::array();
  for (const IndexedPath &P : Paths)
    J.push_back(toJson(P));
  return J;
}
static std::vector<IndexedPath> pathsFrom(const json &J) {
  std::vector<IndexedPath> Paths;
  for (const json &P : J)
    Paths.push_back(pathFrom(P));
  return Paths;
}
static json toJson(const IndexedAccess &A) {
  json Locks = json::array();
  for (const IndexedLock &L : A.Locks)
    Locks.push_back({{"mutex", toJson(L.Mutex)}, {"shared", L.Shared}});
  json J = {{"path", toJson(A.Path)}, {"write", A.Write},   {"form", A.Form},
            {"function", A.Function}, {"at", toJson(A.At)}, {"locks", std::move(Locks)}};
  if (A.PerThreadSlot)
    J["per_thread_slot"] = true;
  if (!A.ReleasedBy.empty())
    J["released_by"] = toJson(A.ReleasedBy);
  if (!A.AcquiredVia.empty())
    J["acquired_via"] = toJson(A.AcquiredVia);
  return J;
}
static IndexedAccess accessFrom(const json &J) {
  IndexedAccess A;
  A.Path = pathFrom(J.at("path"));
  A.Write = J.at("write").get<bool>();
  A.Form = J.value("form", 0u);
  A.PerThreadSlot = J.value("per_thread_slot", false);
  for (const json &L : J.value("locks", json::array()))
    A.Locks.push_back({pathFrom(L.at("mutex")), L.value("shared", false)});
  A.ReleasedBy = pathsFrom(J.value("released_by", json::array()));
  A.AcquiredVia = pathsFrom(J.value("acquired_via", json::array()));
  A.Function = J.value("function", "");
  A.At = positionFrom(J.at("at"));
  return A;
}
static json toJson(const std::map<std::string, std::vector<IndexedAccess>> &ByFunction) {
  json J = json::object();
  for (const auto &[USR, Accesses] : ByFunction) {
    json List = json::array();
    for (const IndexedAccess &A : Accesses)
      List.push_back(toJson(A));
    J[USR] = std::move(List);
  }
  return J;
}
static std::map<std::string, std::vector<IndexedAccess>> accessesFrom(const json &J) {
  std::map<std::string, std::vector<IndexedAccess>> ByFunction;
  for (const auto &[USR, List] : J.items())
    for (const json &A : List)
      ByFunction[USR].push_back(accessFrom(A));
  return ByFunction;
}

std::string digestOf(const std::vector<IndexedAccess> &Accesses) {
  if (Accesses.empty())
    return "";
  json List = json::array();
  for (const IndexedAccess &A : Accesses)
    List.push_back(toJson(A));
  return llvm::utohexstr(llvm::xxh3_64bits(List.dump()), /*LowerCase=*/true);
}

static llvm::Expected<json> readJson(llvm::StringRef Path) {
  auto Buffer = llvm::MemoryBuffer::getFile(Path);
  if (!Buffer)
    return llvm::createStringError(Buffer.getError(),
                                   "cannot read '" + Path + "': " + Buffer.getError().message());
  json J = json::parse((*Buffer)->getBuffer().begin(), (*Buffer)->getBuffer().end(), nullptr,
                       /*allow_exceptions=*/false);
  if (J.is_discarded() || !J.is_object())
    return formatError(Path, "it is not JSON: corrupt or cut short");
  if (J.value("schema", 0) != ProjectSchemaVersion)
    return formatError(Path, "it has another schema version");
  return J;
}

/// Replaced whole (a temporary file, renamed): readers never see half a file.
static llvm::Error writeJson(const json &J, llvm::StringRef Path) {
  llvm::SmallString<256> Dir(Path);
  llvm::sys::path::remove_filename(Dir);
  if (!Dir.empty())
    if (std::error_code EC = llvm::sys::fs::create_directories(Dir))
      return llvm::createStringError(EC, "cannot create '" + Dir + "': " + EC.message());
  return llvm::writeToOutput(Path, [&](llvm::raw_ostream &OS) {
    OS << J.dump(1) << "\n";
    return llvm::Error::success();
  });
}

llvm::Expected<TUSummary> readTUSummary(llvm::StringRef Path) {
  auto J = readJson(Path);
  if (!J)
    return J.takeError();
  try {
    TUSummary S;
    S.Source = J->at("source").get<std::string>();
    for (const auto &[USR, F] : J->at("functions").items()) {
      FunctionRecord Facts;
      Facts.Name = F.at("name").get<std::string>();
      Facts.Defined = positionFrom(F.at("defined"));
      Facts.IsCoroutine = F.value("coroutine", false);
      if (F.contains("direct"))
        Facts.Direct = directFrom(F.at("direct"));
      const json Calls = F.value("calls", json::array());
      for (const json &E : Calls)
        Facts.Calls.push_back(edgeFrom(E));
      Facts.Returns = F.value("returns", std::vector<std::string>());
      S.Functions.emplace(USR, std::move(Facts));
    }
    S.NonBlockingDescriptors = J->value("nonblocking", std::vector<std::string>());
    S.SharedAccesses = accessesFrom(J->value("shared_accesses", json::object()));
    // value() returns a copy: keep it alive while iterating over it.
    const json Lookups = J->value("lookups", json::object());
    S.Lookups.Blocks = Lookups.value("blocks", std::map<std::string, bool>());
    S.Lookups.NonBlocking = Lookups.value("nonblocking", std::map<std::string, bool>());
    S.Lookups.SharedAccesses =
        Lookups.value("shared_accesses", std::map<std::string, std::string>());
    return S;
  } catch (const json::exception &E) {
    return formatError(Path, E.what());
  }
}

llvm::Error writeTUSummary(const TUSummary &S, llvm::StringRef Path) {
  json Functions = json::object();
  for (const auto &[USR, F] : S.Functions) {
    json J = {{"name", F.Name}, {"defined", toJson(F.Defined)}};
    if (F.IsCoroutine)
      J["coroutine"] = true;
    if (F.Direct)
      J["direct"] = toJson(*F.Direct);
    if (!F.Calls.empty()) {
      json Calls = json::array();
      for (const CallEdge &E : F.Calls)
        Calls.push_back(toJson(E));
      J["calls"] = std::move(Calls);
    }
    if (!F.Returns.empty())
      J["returns"] = F.Returns;
    Functions[USR] = std::move(J);
  }
  return writeJson({{"schema", ProjectSchemaVersion},
                    {"kind", "concur-tu-summary"},
                    {"source", S.Source},
                    {"functions", std::move(Functions)},
                    {"nonblocking", S.NonBlockingDescriptors},
                    {"shared_accesses", toJson(S.SharedAccesses)},
                    {"lookups",
                     {{"blocks", S.Lookups.Blocks},
                      {"nonblocking", S.Lookups.NonBlocking},
                      {"shared_accesses", S.Lookups.SharedAccesses}}}},
                   Path);
}

void mergeTUSummary(TUSummary &Into, TUSummary &&Part) {
  if (Into.Source.empty())
    Into.Source = Part.Source;
  Into.Functions.merge(Part.Functions);
  Into.NonBlockingDescriptors.insert(Into.NonBlockingDescriptors.end(),
                                     Part.NonBlockingDescriptors.begin(),
                                     Part.NonBlockingDescriptors.end());
  Into.SharedAccesses.merge(Part.SharedAccesses);
  Into.Lookups.Blocks.merge(Part.Lookups.Blocks);
  Into.Lookups.NonBlocking.merge(Part.Lookups.NonBlocking);
  Into.Lookups.SharedAccesses.merge(Part.Lookups.SharedAccesses);
}

ProjectIndex ProjectIndex::link(const std::vector<TUSummary> &Summaries) {
  // One definition per USR: the first TU's (headers' inline functions are
  // the same everywhere; an ODR violation is not ours to resolve).
  std::map<std::string, const FunctionRecord *> Defs;
  for (const TUSummary &S : Summaries)
    for (const auto &[USR, F] : S.Functions)
      Defs.emplace(USR, &F);
  ProjectIndex Index;
  for (const auto &[USR, F] : Defs)
    if (F->Direct && !F->IsCoroutine)
      Index.Blocking[USR] = Entry{F->Name, F->Defined, 1, F->Direct, {}};
  // Shortest chains: relax until nothing changes (every edge weighs one).
  // Iterating the ordered map keeps the result independent of TU order.
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (const auto &[USR, F] : Defs) {
      if (F->IsCoroutine)
        continue;
      for (const CallEdge &E : F->Calls) {
        auto Callee = Index.Blocking.find(E.CalleeUSR);
        if (Callee == Index.Blocking.end())
          continue;
        unsigned Depth = Callee->second.Depth + 1;
        auto Mine = Index.Blocking.find(USR);
        if (Mine != Index.Blocking.end() && Mine->second.Depth <= Depth)
          continue;
        Index.Blocking[USR] = Entry{F->Name, F->Defined, Depth, std::nullopt, E};
        Changed = true;
      }
    }
  }
  linkDescriptors(Summaries, Defs, Index.NonBlocking);
  for (const TUSummary &S : Summaries) // the first TU's, as for Defs
    for (const auto &[USR, Accesses] : S.SharedAccesses)
      Index.SharedAccesses.emplace(USR, Accesses);
  return Index;
}

/// The fields and globals some TU makes non-blocking, then the functions all
/// of whose returns name one of them (or such a function), to a fixed point.
void ProjectIndex::linkDescriptors(const std::vector<TUSummary> &Summaries,
                                   const std::map<std::string, const FunctionRecord *> &Defs,
                                   llvm::StringSet<> &NonBlocking) {
  for (const TUSummary &S : Summaries)
    for (const std::string &USR : S.NonBlockingDescriptors)
      NonBlocking.insert(USR);
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (const auto &[USR, F] : Defs)
      if (!F->Returns.empty() && !NonBlocking.contains(USR) &&
          llvm::all_of(F->Returns, [&](const std::string &R) { return NonBlocking.contains(R); }))
        Changed = NonBlocking.insert(USR).second || Changed;
  }
}

bool ProjectIndex::answersDiffer(const IndexLookups &Asked) const {
  for (const auto &[USR, Blocked] : Asked.Blocks)
    if (blocks(USR) != Blocked)
      return true;
  for (const auto &[USR, Yes] : Asked.NonBlocking)
    if (isNonBlockingDescriptor(USR) != Yes)
      return true;
  for (const auto &[USR, Digest] : Asked.SharedAccesses) {
    const std::vector<IndexedAccess> *Now = sharedAccesses(USR);
    if ((Now ? digestOf(*Now) : std::string()) != Digest)
      return true;
  }
  return false;
}

std::optional<IndexedChain> ProjectIndex::blockingChain(llvm::StringRef USR) const {
  auto It = Blocking.find(USR);
  if (It == Blocking.end())
    return std::nullopt;
  IndexedChain Chain;
  for (const Entry *E = &It->second;;) {
    if (E->Direct) {
      Chain.LastFunction = E->Name;
      Chain.Final = *E->Direct;
      return Chain;
    }
    Chain.Steps.push_back({E->Name, E->Via.CalleeName, E->Via.At});
    auto Next = Blocking.find(E->Via.CalleeUSR);
    if (Next == Blocking.end() || Chain.Steps.size() > Blocking.size())
      return std::nullopt; // cannot happen for a linked index; a hand-edited one may lie
    E = &Next->second;
  }
}

llvm::Expected<ProjectIndex> ProjectIndex::read(llvm::StringRef Path) {
  auto J = readJson(Path);
  if (!J)
    return J.takeError();
  try {
    ProjectIndex Index;
    for (const auto &[USR, F] : J->at("blocking").items()) {
      Entry E;
      E.Name = F.at("name").get<std::string>();
      E.Defined = positionFrom(F.at("defined"));
      E.Depth = F.at("depth").get<unsigned>();
      if (F.contains("direct"))
        E.Direct = directFrom(F.at("direct"));
      else
        E.Via = edgeFrom(F.at("via"));
      Index.Blocking[USR] = std::move(E);
    }
    for (const std::string &USR : J->value("nonblocking", std::vector<std::string>()))
      Index.NonBlocking.insert(USR);
    Index.SharedAccesses = accessesFrom(J->value("shared_accesses", json::object()));
    return Index;
  } catch (const json::exception &E) {
    return formatError(Path, E.what());
  }
}

llvm::Error ProjectIndex::write(llvm::StringRef Path) const {
  std::map<std::string, json> Sorted; // stable output: the same index, the same bytes
  for (const auto &Item : Blocking) {
    const Entry &E = Item.second;
    json J = {{"name", E.Name}, {"defined", toJson(E.Defined)}, {"depth", E.Depth}};
    if (E.Direct)
      J["direct"] = toJson(*E.Direct);
    else
      J["via"] = toJson(E.Via);
    Sorted[Item.first().str()] = std::move(J);
  }
  json Blocks = json::object();
  for (auto &[USR, J] : Sorted)
    Blocks[USR] = std::move(J);
  std::vector<std::string> NonBlockingSorted;
  for (const auto &Item : NonBlocking)
    NonBlockingSorted.push_back(Item.getKey().str());
  llvm::sort(NonBlockingSorted);
  return writeJson({{"schema", ProjectSchemaVersion},
                    {"kind", "concur-project-index"},
                    {"blocking", std::move(Blocks)},
                    {"nonblocking", std::move(NonBlockingSorted)},
                    {"shared_accesses", toJson(SharedAccesses)}},
                   Path);
}

static std::string findIndexAbove(llvm::StringRef MainFile) {
  llvm::SmallString<256> Dir(MainFile);
  llvm::sys::fs::make_absolute(Dir);
  llvm::sys::path::remove_filename(Dir);
  while (!Dir.empty()) {
    for (const char *Sub : {".concur", "build/.concur"}) {
      llvm::SmallString<256> Candidate(Dir);
      llvm::sys::path::append(Candidate, Sub, "index.json");
      if (llvm::sys::fs::exists(Candidate))
        return std::string(Candidate);
    }
    std::string Parent = llvm::sys::path::parent_path(Dir).str(); // a copy: Dir changes
    if (Parent == Dir)
      break;
    Dir = Parent;
  }
  return "";
}

std::shared_ptr<const ProjectIndex> loadProjectIndex(llvm::StringRef Setting,
                                                     llvm::StringRef MainFile) {
  if (Setting.empty() || Setting == "none")
    return nullptr;
  std::string Path = Setting == "auto" ? findIndexAbove(MainFile) : Setting.str();
  llvm::sys::fs::file_status Status;
  if (Path.empty() || llvm::sys::fs::status(Path, Status))
    return nullptr;
  struct Loaded {
    llvm::sys::TimePoint<> Modified;
    uint64_t Size = 0;
    std::shared_ptr<const ProjectIndex> Index;
  };
  static std::mutex Mutex;
  static std::map<std::string, Loaded> Cache;
  std::lock_guard<std::mutex> Lock(Mutex);
  Loaded &Entry = Cache[Path];
  if (Entry.Index && Entry.Modified == Status.getLastModificationTime() &&
      Entry.Size == Status.getSize())
    return Entry.Index;
  auto Index = ProjectIndex::read(Path);
  if (!Index) {
    llvm::consumeError(Index.takeError());
    Entry = Loaded();
    return nullptr;
  }
  Entry = {Status.getLastModificationTime(), Status.getSize(),
           std::make_shared<const ProjectIndex>(std::move(*Index))};
  return Entry.Index;
}

} // namespace clang::tidy::concur
