//===--- BlockingCatalog.cpp - concur -------------------------------------===//

#include "analysis/blocking/BlockingCatalog.h"
#include "analysis/ast/QualifiedNames.h"
#include "clang/AST/DeclCXX.h"
#include "llvm/ADT/StringSwitch.h"
#include <nlohmann/json.hpp>

namespace clang::tidy::concur {

static const char EmbeddedCatalog[] =
#include "BlockingCatalogData.inc"
    ;

llvm::StringRef certaintyName(Certainty C) {
  switch (C) {
  case Certainty::May:
    return "may";
  case Certainty::Likely:
    return "likely";
  case Certainty::Certain:
    return "certain";
  }
  return "certain";
}

std::optional<Certainty> parseCertainty(llvm::StringRef Name) {
  if (Name == "may")
    return Certainty::May;
  if (Name == "likely")
    return Certainty::Likely;
  if (Name == "certain")
    return Certainty::Certain;
  return std::nullopt;
}

static std::optional<FixKind> parseFix(llvm::StringRef Name) {
  return llvm::StringSwitch<std::optional<FixKind>>(Name)
      .Case("offload", FixKind::Offload)
      .Case("sleep_seconds", FixKind::SleepSeconds)
      .Case("sleep_microseconds", FixKind::SleepMicroseconds)
      .Case("sleep_milliseconds", FixKind::SleepMilliseconds)
      .Case("sleep_duration", FixKind::SleepDuration)
      .Case("sleep_until", FixKind::SleepUntil)
      .Case("none", FixKind::None)
      .Default(std::nullopt);
}

llvm::StringRef CatalogEntry::displayName() const {
  llvm::StringRef N = Name;
  N.consume_front("::");
  return N;
}

bool CatalogEntry::namesCFunction() const {
  llvm::StringRef N = Name;
  return Anchored && Kind == "function" && N.consume_front("::") && !N.contains("::");
}

using Json = nlohmann::json;

static llvm::Error entryError(const std::string &Name, const std::string &What) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 "catalogue entry '" + Name + "': " + What);
}

static llvm::Expected<std::vector<ArgCondition>> parseConditions(const Json &List,
                                                                 const std::string &Name) {
  std::vector<ArgCondition> Result;
  if (!List.is_array())
    return entryError(Name, "conditions must be a list");
  for (const Json &C : List) {
    ArgCondition Cond;
    if (!C.is_object())
      return entryError(Name, "a condition must be an object");
    Cond.Arg = C.value("arg", 0u);
    if (C.contains("is_zero"))
      Cond.K = ArgCondition::Kind::IsZero;
    else if (C.contains("has_flag"))
      Cond.K = ArgCondition::Kind::HasFlag, Cond.Text = C["has_flag"].get<std::string>();
    else if (C.contains("is_zero_duration"))
      Cond.K = ArgCondition::Kind::IsZeroDuration;
    else if (C.contains("is_zero_timeval"))
      Cond.K = ArgCondition::Kind::IsZeroTimeval;
    else if (C.contains("nonblocking_descriptor"))
      Cond.K = ArgCondition::Kind::NonBlockingDescriptor;
    else if (C.contains("min_args"))
      Cond.K = ArgCondition::Kind::MinArgs, Cond.Arg = C["min_args"].get<unsigned>();
    else if (C.contains("receiver_is"))
      Cond.K = ArgCondition::Kind::ReceiverIs, Cond.Text = C["receiver_is"].get<std::string>();
    else
      return entryError(Name, "unknown condition " + C.dump());
    Result.push_back(std::move(Cond));
  }
  return Result;
}

llvm::Expected<BlockingCatalog> BlockingCatalog::parse(llvm::StringRef Text) {
  Json Doc = Json::parse(Text.begin(), Text.end(), nullptr, /*allow_exceptions=*/false);
  if (Doc.is_discarded() || !Doc.is_object() || !Doc.contains("entries"))
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "the catalogue is not a JSON object with 'entries'");
  BlockingCatalog Catalog;
  try {
    for (const Json &E : Doc["entries"]) {
      CatalogEntry Entry;
      Entry.Name = E.at("name").get<std::string>();
      Entry.Kind = E.value("kind", "function");
      Entry.Category = E.at("category").get<std::string>();
      std::optional<Certainty> Cert = parseCertainty(E.value("certainty", "certain"));
      if (!Cert)
        return entryError(Entry.Name, "certainty must be certain, likely or may");
      Entry.Cert = *Cert;
      Entry.Replacement = E.value("replacement", "");
      std::optional<FixKind> Fix = parseFix(E.value("fix", "offload"));
      if (!Fix)
        return entryError(Entry.Name, "unknown fix kind");
      Entry.Fix = *Fix;
      if (E.contains("nonblocking_if")) {
        auto Conds = parseConditions(E["nonblocking_if"], Entry.Name);
        if (!Conds)
          return Conds.takeError();
        Entry.NonBlockingIf = std::move(*Conds);
      }
      if (E.contains("only_if")) {
        auto Conds = parseConditions(E["only_if"], Entry.Name);
        if (!Conds)
          return Conds.takeError();
        Entry.OnlyIf = std::move(*Conds);
      }
      Entry.Note = E.value("note", "");
      Catalog.add(std::move(Entry));
    }
  } catch (const Json::exception &Ex) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   std::string("malformed catalogue: ") + Ex.what());
  }
  return Catalog;
}

const BlockingCatalog &BlockingCatalog::builtin() {
  static const BlockingCatalog Catalog = [] {
    llvm::Expected<BlockingCatalog> Parsed = parse(EmbeddedCatalog);
    if (!Parsed) // The build embeds a catalogue that a test validates.
      llvm::report_fatal_error(llvm::toString(Parsed.takeError()).c_str());
    return std::move(*Parsed);
  }();
  return Catalog;
}

void BlockingCatalog::index(const CatalogEntry &Entry) {
  ByLastName[lastComponent(Entry.Name)].push_back(&Entry);
}

void BlockingCatalog::add(CatalogEntry Entry) {
  Entries.push_back(std::make_unique<CatalogEntry>(std::move(Entry)));
  index(*Entries.back());
}

std::vector<const CatalogEntry *> BlockingCatalog::lookup(const FunctionDecl *FD) const {
  return lookup(qualifiedName(FD));
}

std::vector<const CatalogEntry *> BlockingCatalog::lookup(llvm::StringRef Qualified) const {
  std::vector<const CatalogEntry *> Result;
  auto It = ByLastName.find(lastComponent(Qualified));
  if (It == ByLastName.end())
    return Result;
  for (const CatalogEntry *E : It->second) {
    std::string Pattern = E->Anchored ? "::" + E->displayName().str() : E->Name;
    if (nameMatches(Qualified, Pattern))
      Result.push_back(E);
  }
  return Result;
}

} // namespace clang::tidy::concur
