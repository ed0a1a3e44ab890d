//===--- FrameworkProfiles.h - concur ---------------------------*- C++ -*-===//
//
// What each concurrency framework means to the checks, as data
// (checks/framework_profiles.json, embedded at build time, plus the user's
// own file for an in-house framework): its own namespaces, the awaitables
// that move a coroutine onto a pool, the locks made for coroutines, the
// types safe to use from any thread, and what starts a thread. Every check
// reads the same profiles, so the blocking check, the lock check, the race
// check and the advisor agree on what a framework does.
//
// A profile's names match only code that uses its framework, so all
// profiles are on unless the option Profiles names a subset.
//
//===----------------------------------------------------------------------===//

#ifndef CONCUR_CHECKS_ANALYSIS_PROFILES_FRAMEWORKPROFILES_H
#define CONCUR_CHECKS_ANALYSIS_PROFILES_FRAMEWORKPROFILES_H

#include "clang/AST/Decl.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Support/Error.h"
#include <string>
#include <vector>

namespace clang::tidy::concur {

struct FrameworkProfile {
  std::string Name;
  std::vector<std::string> LibraryNamespaces;
  std::vector<std::string> PoolHops;
  std::vector<std::string> AsyncLockTypes;
  std::vector<std::string> ThreadSafeTypes;
  std::vector<std::string> ThreadTypes;
  std::vector<std::string> ThreadStartFunctions;
  std::vector<std::string> NonBlockingHandles;
  std::vector<std::string> LoopRunners;
  std::vector<std::string> TaskTypes;
  std::vector<std::string> DeferredTokens;
  std::vector<std::string> PoolTaskStarts;
  std::vector<std::string> InlineRunners;
  std::vector<std::string> ExecutorTags;
};

/// The profiles in effect: their lists merged.
class FrameworkProfiles {
public:
  /// The built-in profiles, then those of \p UserFile (if not empty),
  /// restricted to \p Selection ("" or "all": every one; else a ';'-list of
  /// names). The error names what is wrong: a file that does not parse, an
  /// unknown profile name.
  static llvm::Expected<FrameworkProfiles> load(llvm::StringRef Selection,
                                                llvm::StringRef UserFile);
  /// Every built-in profile (for checks whose options could not be read).
  static const FrameworkProfiles &builtin();

  const std::vector<FrameworkProfile> &profiles() const { return Profiles; }
  std::vector<std::string> poolHops() const;
  std::vector<std::string> asyncLockTypes() const;
  std::vector<std::string> threadSafeTypes() const;
  std::vector<std::string> threadTypes() const;
  std::vector<std::string> threadStartFunctions() const;
  std::vector<std::string> nonBlockingHandles() const;
  std::vector<std::string> loopRunners() const;
  /// Coroutine types that do not run until awaited, where the promise does
  /// not say so itself (concurrencpp's lazy_result, via coroutine_traits).
  std::vector<std::string> taskTypes() const;
  /// Completion-token types with which an initiating function only makes
  /// an awaitable and starts nothing (asio::use_awaitable_t).
  std::vector<std::string> deferredTokens() const;
  /// Functions that run the task or coroutine handle they are given on a
  /// thread pool's workers (coro::thread_pool::resume).
  std::vector<std::string> poolTaskStarts() const;
  /// Functions that run the task they are given on the calling thread until
  /// it completes, with no event loop (coro::sync_wait).
  std::vector<std::string> inlineRunners() const;
  /// Types that, as a coroutine's first parameter, make it start on the
  /// executor passed as its second (concurrencpp::executor_tag).
  std::vector<std::string> executorTags() const;

  /// Is \p D a framework's own code (in one of its namespaces)? The checks
  /// use a framework by its surface and do not analyse its internals as
  /// the user's code.
  bool isLibraryCode(const Decl *D) const;

private:
  std::vector<FrameworkProfile> Profiles;
  std::vector<std::string> Namespaces; // "asio::", "boost::asio::", ...
};

/// load() for a check's options Profiles and ProfileFile; a problem is
/// passed to \p Report (a configuration diagnostic) and every built-in
/// profile is used instead.
FrameworkProfiles loadProfiles(llvm::StringRef Selection, llvm::StringRef UserFile,
                               llvm::function_ref<void(const std::string &)> Report);

/// Does type name \p Name name \p Type or a class nested in it
/// ("concur::async_mutex::guard" is "concur::async_mutex"'s)?
bool namesTypeOrMember(llvm::StringRef Name, llvm::StringRef Type);

/// Parses a profiles file (the built-in one's form).
llvm::Expected<std::vector<FrameworkProfile>> parseProfiles(llvm::StringRef Json,
                                                            llvm::StringRef Origin);

} // namespace clang::tidy::concur

#endif
