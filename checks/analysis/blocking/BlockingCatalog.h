//===--- BlockingCatalog.h - concur -----------------------------*- C++ -*-===//
//
// The catalogue of functions that block the calling thread, loaded from
// blocking_catalog.json (embedded at build time) plus the names users add
// with options. Entries are matched against resolved declarations, never
// against spellings, so a user's own `net::read()` is not POSIX `read`.
//
//===----------------------------------------------------------------------===//

#ifndef CONCUR_CHECKS_ANALYSIS_BLOCKING_BLOCKINGCATALOG_H
#define CONCUR_CHECKS_ANALYSIS_BLOCKING_BLOCKINGCATALOG_H

#include "clang/AST/Decl.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Error.h"
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace clang::tidy::concur {

enum class Certainty { May = 0, Likely = 1, Certain = 2 };

llvm::StringRef certaintyName(Certainty C);
std::optional<Certainty> parseCertainty(llvm::StringRef Name);

/// How a flagged call may be rewritten.
enum class FixKind {
  Offload,           // co_await to_thread([&] { return E; })
  SleepSeconds,      // sleep(n)            -> co_await sleep_for(std::chrono::seconds(n))
  SleepMicroseconds, // usleep(n)           -> co_await sleep_for(std::chrono::microseconds(n))
  SleepMilliseconds, // a millisecond sleep -> co_await sleep_for(std::chrono::milliseconds(n))
  SleepDuration,     // sleep_for(d)        -> co_await sleep_for(d)
  SleepUntil,        // sleep_until(tp)     -> co_await sleep_until(tp)
  Replace,           // f(args)             -> co_await replacement(args) (user-configured)
  None,              // no safe rewrite
};

/// A condition on a call's explicit arguments (0-based, the object of a
/// member call not counted).
struct ArgCondition {
  enum class Kind {
    IsZero,
    HasFlag,
    IsZeroDuration,
    IsZeroTimeval,
    NonBlockingDescriptor,
    MinArgs,
    ReceiverIs
  };
  Kind K;
  unsigned Arg = 0;
  std::string Text; // the flag for HasFlag, the variable for ReceiverIs
};

struct CatalogEntry {
  std::string Name; // as written in the catalogue: "::recv", "std::future::get"
  std::string Kind; // function, method, constructor
  std::string Category;
  Certainty Cert = Certainty::Certain;
  std::string Replacement; // text of the async alternative, may be empty
  FixKind Fix = FixKind::Offload;
  std::vector<ArgCondition> NonBlockingIf; // any holds => not blocking
  std::vector<ArgCondition> OnlyIf;        // all must hold => blocking
  std::string Note;
  /// Catalogue names are fully qualified; names from options follow clang's
  /// hasName rules ("a::b" also matches "x::a::b").
  bool Anchored = true;

  /// The name to show users: "recv", "std::future::get".
  llvm::StringRef displayName() const;

  /// Does it name a function of the C library ("::recv", "::sleep"): one
  /// that only a declaration with C linkage, or one in a system header, is?
  /// A C++ program's own `connect(host, ctx)` in the global namespace is not.
  bool namesCFunction() const;
};

class BlockingCatalog {
public:
  /// Parses the catalogue format; the error says which entry is wrong.
  static llvm::Expected<BlockingCatalog> parse(llvm::StringRef Json);
  /// The catalogue built into the binary (parsed once per process).
  static const BlockingCatalog &builtin();

  void add(CatalogEntry Entry);

  /// Entries whose name matches \p FD; the caller still checks their conditions.
  std::vector<const CatalogEntry *> lookup(const FunctionDecl *FD) const;
  /// Entries whose name matches \p Qualified ("std::future::wait_for", named
  /// after the class a method is called on rather than the base declaring it).
  std::vector<const CatalogEntry *> lookup(llvm::StringRef Qualified) const;

  const std::vector<std::unique_ptr<CatalogEntry>> &entries() const { return Entries; }

private:
  void index(const CatalogEntry &Entry);
  std::vector<std::unique_ptr<CatalogEntry>> Entries;
  llvm::StringMap<std::vector<const CatalogEntry *>> ByLastName;
};

} // namespace clang::tidy::concur

#endif
