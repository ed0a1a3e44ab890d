//===--- BlockingCallMessages.cpp - concur --------------------------------===//

#include "BlockingCallMessages.h"

namespace clang::tidy::concur {

std::string describeSite(const BlockingSite &Site) {
  std::string Text = Site.Category == "user" || Site.Category == "annotated"
                         ? "blocks"
                         : "is a blocking " + Site.Category + " call";
  return Text + " (certainty: " + certaintyName(Site.Cert).str() + ")";
}

std::string directCallNote(const BlockingSite &Site) {
  std::string Note = "'" + Site.Name + "' " + describeSite(Site);
  if (!Site.Note.empty())
    Note += "; " + Site.Note;
  if (!Site.Replacement.empty() && Site.Fix != FixKind::Replace)
    Note += "; on an event loop use '" + Site.Replacement + "'";
  else if (Site.Fix == FixKind::Replace)
    Note += "; use '" + Site.Replacement + "'";
  return Note;
}

/// The blocking call's name in the chain: a C function spelled like a frame
/// before it (`net::close` shown as 'close', then the system's `close`) is
/// written '::close', so that each frame reads as itself.
static std::string finalName(const BlockingChain &Chain, llvm::StringRef CalledName) {
  const BlockingSite &Final = Chain.Final;
  bool Catalogued = Final.Category != "user" && Final.Category != "annotated";
  bool Clash = Final.Name == CalledName || llvm::any_of(Chain.Steps, [&](const ChainStep &S) {
                 return S.CalleeName == Final.Name;
               });
  if (Catalogued && Clash && !llvm::StringRef(Final.Name).contains("::"))
    return "::" + Final.Name;
  return Final.Name;
}

std::string chainPath(const BlockingChain &Chain, llvm::StringRef CalledName) {
  std::string Path;
  for (const ChainStep &Step : Chain.Steps)
    Path += "'" + Step.CalleeName + "', which calls ";
  switch (Chain.Final.K) {
  case BlockingSite::Kind::Call:
    return "it calls " + Path + "'" + finalName(Chain, CalledName) + "'";
  case BlockingSite::Kind::JoiningDestructor:
    return (Chain.Steps.empty() ? "it destroys " : "it calls " + Path + "which destroys ") +
           std::string("a ") +
           (Chain.Final.Name == "std::jthread::~jthread"
                ? "std::jthread, which joins"
                : "std::future from std::async, which waits");
  case BlockingSite::Kind::DiscardedAsyncFuture:
    return (Chain.Steps.empty() ? "it discards" : "it calls " + Path + "which discards") +
           std::string(" the std::future of 'std::async', which waits");
  }
  return Path;
}

} // namespace clang::tidy::concur
