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

std::string chainPath(const BlockingChain &Chain) {
  std::string Path;
  for (const ChainStep &Step : Chain.Steps)
    Path += "'" + Step.CalleeName + "', which calls ";
  switch (Chain.Final.K) {
  case BlockingSite::Kind::Call:
    return "it calls " + Path + "'" + Chain.Final.Name + "'";
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
