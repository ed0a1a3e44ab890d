//===--- IncludeFixes.h - concur --------------------------------*- C++ -*-===//
//
// The #include a fix needs, on every fix in a file that needs it.
// clang-tidy's IncludeInserter hands out an insertion once per file, to the
// first fix that asks; if that finding is then NOLINTed, baselined or not
// applied, the others' fixes would name what the file never includes. Each
// fix here carries the same insertion, so any subset of them compiles;
// identical insertions are applied once (clang-apply-replacements, and
// concur's --fix, drop the repeats).
//
//===----------------------------------------------------------------------===//

#ifndef CONCUR_CHECKS_INCLUDEFIXES_H
#define CONCUR_CHECKS_INCLUDEFIXES_H

#include "clang-tidy/utils/IncludeInserter.h"
#include <map>
#include <optional>
#include <string>
#include <utility>

namespace clang::tidy::concur {

class IncludeFixes {
public:
  IncludeFixes(utils::IncludeSorter::IncludeStyle Style, bool SelfContainedDiags)
      : Inserter(Style, SelfContainedDiags) {}

  void registerPreprocessor(Preprocessor *PP) {
    Inserter.registerPreprocessor(PP);
    Given.clear(); // a new translation unit
  }
  utils::IncludeSorter::IncludeStyle getStyle() const { return Inserter.getStyle(); }

  /// The insertion of \p Header into \p File, or none if the file has it.
  std::optional<FixItHint> createIncludeInsertion(FileID File, llvm::StringRef Header) {
    auto Key = std::make_pair(File, Header.str());
    auto It = Given.find(Key);
    if (It != Given.end())
      return It->second;
    std::optional<FixItHint> Hint = Inserter.createIncludeInsertion(File, Header);
    Given.emplace(std::move(Key), Hint);
    return Hint;
  }

private:
  utils::IncludeInserter Inserter;
  std::map<std::pair<FileID, std::string>, std::optional<FixItHint>> Given;
};

} // namespace clang::tidy::concur

#endif
