//===--- FrameworkProfiles.cpp - concur -----------------------------------===//

#include "analysis/profiles/FrameworkProfiles.h"
#include "analysis/ast/QualifiedNames.h"
#include "clang/AST/DeclCXX.h"
#include "llvm/Support/MemoryBuffer.h"
#include <nlohmann/json.hpp>

namespace clang::tidy::concur {

static const char EmbeddedProfiles[] =
#include "FrameworkProfilesData.inc"
    ;

using nlohmann::json;

llvm::Expected<std::vector<FrameworkProfile>> parseProfiles(llvm::StringRef Json,
                                                            llvm::StringRef Origin) {
  auto Fail = [&](const llvm::Twine &Why) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "framework profiles in '" + Origin + "': " + Why);
  };
  json J = json::parse(Json.begin(), Json.end(), nullptr, /*allow_exceptions=*/false);
  if (J.is_discarded() || !J.is_object())
    return Fail("not valid JSON");
  if (J.value("schema", 0) != 1)
    return Fail("expected \"schema\": 1");
  if (!J.contains("profiles") || !J["profiles"].is_array())
    return Fail("expected an array \"profiles\"");
  std::vector<FrameworkProfile> Result;
  for (const json &P : J["profiles"]) {
    if (!P.is_object() || !P.contains("name") || !P["name"].is_string())
      return Fail("every profile needs a \"name\"");
    FrameworkProfile Profile;
    Profile.Name = P["name"].get<std::string>();
    auto List = [&](const char *Key, std::vector<std::string> &Into) -> bool {
      if (!P.contains(Key))
        return true;
      if (!P[Key].is_array())
        return false;
      for (const json &Item : P[Key]) {
        if (!Item.is_string())
          return false;
        Into.push_back(Item.get<std::string>());
      }
      return true;
    };
    for (auto [Key, Into] : {std::pair<const char *, std::vector<std::string> *>{
                                 "library_namespaces", &Profile.LibraryNamespaces},
                             {"pool_hops", &Profile.PoolHops},
                             {"async_lock_types", &Profile.AsyncLockTypes},
                             {"thread_safe_types", &Profile.ThreadSafeTypes},
                             {"thread_types", &Profile.ThreadTypes},
                             {"thread_start_functions", &Profile.ThreadStartFunctions},
                             {"nonblocking_handles", &Profile.NonBlockingHandles},
                             {"loop_runners", &Profile.LoopRunners},
                             {"task_types", &Profile.TaskTypes},
                             {"deferred_tokens", &Profile.DeferredTokens},
                             {"pool_task_starts", &Profile.PoolTaskStarts},
                             {"inline_runners", &Profile.InlineRunners},
                             {"executor_tags", &Profile.ExecutorTags}})
      if (!List(Key, *Into))
        return Fail("\"" + llvm::Twine(Key) + "\" of profile '" + Profile.Name +
                    "' must be an array of strings");
    Result.push_back(std::move(Profile));
  }
  return Result;
}

static std::vector<FrameworkProfile> builtinProfiles() {
  auto Parsed = parseProfiles(EmbeddedProfiles, "built-in");
  if (!Parsed) // The build embeds a file that a test loads.
    llvm::report_fatal_error(llvm::toString(Parsed.takeError()).c_str());
  return std::move(*Parsed);
}

llvm::Expected<FrameworkProfiles> FrameworkProfiles::load(llvm::StringRef Selection,
                                                          llvm::StringRef UserFile) {
  std::vector<FrameworkProfile> All = builtinProfiles();
  if (!UserFile.empty()) {
    auto Buffer = llvm::MemoryBuffer::getFile(UserFile);
    if (!Buffer)
      return llvm::createStringError(Buffer.getError(), "cannot read the profile file '" +
                                                            UserFile +
                                                            "': " + Buffer.getError().message());
    auto Mine = parseProfiles((*Buffer)->getBuffer(), UserFile);
    if (!Mine)
      return Mine.takeError();
    All.insert(All.end(), Mine->begin(), Mine->end());
  }
  FrameworkProfiles Result;
  std::vector<std::string> Wanted = splitList(Selection);
  if (Wanted.empty() || (Wanted.size() == 1 && Wanted[0] == "all")) {
    Result.Profiles = std::move(All);
  } else {
    for (const std::string &Name : Wanted) {
      auto It = llvm::find_if(All, [&](const FrameworkProfile &P) { return P.Name == Name; });
      if (It == All.end()) {
        std::string Known;
        for (const FrameworkProfile &P : All)
          Known += (Known.empty() ? "" : ", ") + P.Name;
        return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                       "unknown framework profile '" + Name + "'; known: " + Known);
      }
      Result.Profiles.push_back(*It);
    }
  }
  for (const FrameworkProfile &P : Result.Profiles)
    for (const std::string &NS : P.LibraryNamespaces)
      Result.Namespaces.push_back(NS + "::");
  return Result;
}

FrameworkProfiles loadProfiles(llvm::StringRef Selection, llvm::StringRef UserFile,
                               llvm::function_ref<void(const std::string &)> Report) {
  auto Loaded = FrameworkProfiles::load(Selection, UserFile);
  if (Loaded)
    return std::move(*Loaded);
  Report(llvm::toString(Loaded.takeError()));
  return FrameworkProfiles::builtin();
}

bool namesTypeOrMember(llvm::StringRef Name, llvm::StringRef Type) {
  if (nameMatches(Name, Type))
    return true;
  size_t Pos = Name.rfind("::");
  return Pos != llvm::StringRef::npos && namesTypeOrMember(Name.take_front(Pos), Type);
}

const FrameworkProfiles &FrameworkProfiles::builtin() {
  static const FrameworkProfiles All = [] {
    auto Loaded = load("", "");
    if (!Loaded)
      llvm::report_fatal_error(llvm::toString(Loaded.takeError()).c_str());
    return std::move(*Loaded);
  }();
  return All;
}

template <typename Member>
static std::vector<std::string> merged(const std::vector<FrameworkProfile> &Profiles,
                                       Member Field) {
  std::vector<std::string> Result;
  for (const FrameworkProfile &P : Profiles)
    Result.insert(Result.end(), (P.*Field).begin(), (P.*Field).end());
  return Result;
}

std::vector<std::string> FrameworkProfiles::poolHops() const {
  return merged(Profiles, &FrameworkProfile::PoolHops);
}
std::vector<std::string> FrameworkProfiles::asyncLockTypes() const {
  return merged(Profiles, &FrameworkProfile::AsyncLockTypes);
}
std::vector<std::string> FrameworkProfiles::threadSafeTypes() const {
  return merged(Profiles, &FrameworkProfile::ThreadSafeTypes);
}
std::vector<std::string> FrameworkProfiles::threadTypes() const {
  return merged(Profiles, &FrameworkProfile::ThreadTypes);
}
std::vector<std::string> FrameworkProfiles::threadStartFunctions() const {
  return merged(Profiles, &FrameworkProfile::ThreadStartFunctions);
}
std::vector<std::string> FrameworkProfiles::loopRunners() const {
  return merged(Profiles, &FrameworkProfile::LoopRunners);
}
std::vector<std::string> FrameworkProfiles::taskTypes() const {
  return merged(Profiles, &FrameworkProfile::TaskTypes);
}
std::vector<std::string> FrameworkProfiles::deferredTokens() const {
  return merged(Profiles, &FrameworkProfile::DeferredTokens);
}
std::vector<std::string> FrameworkProfiles::poolTaskStarts() const {
  return merged(Profiles, &FrameworkProfile::PoolTaskStarts);
}
std::vector<std::string> FrameworkProfiles::inlineRunners() const {
  return merged(Profiles, &FrameworkProfile::InlineRunners);
}
std::vector<std::string> FrameworkProfiles::executorTags() const {
  return merged(Profiles, &FrameworkProfile::ExecutorTags);
}
std::vector<std::string> FrameworkProfiles::nonBlockingHandles() const {
  return merged(Profiles, &FrameworkProfile::NonBlockingHandles);
}

bool FrameworkProfiles::isLibraryCode(const Decl *D) const {
  const auto *ND = dyn_cast_or_null<NamedDecl>(D);
  if (!ND || Namespaces.empty())
    return false;
  // The enclosing namespaces only: a user's class named like a framework's is the user's.
  std::string Name;
  for (const DeclContext *Ctx = ND->getDeclContext(); Ctx; Ctx = Ctx->getParent())
    if (const auto *NS = dyn_cast<NamespaceDecl>(Ctx);
        NS && !NS->isInline() && !NS->isAnonymousNamespace())
      Name = NS->getName().str() + "::" + Name;
  return llvm::any_of(Namespaces, [&](const std::string &Prefix) {
    return llvm::StringRef(Name).starts_with(Prefix);
  });
}

} // namespace clang::tidy::concur
