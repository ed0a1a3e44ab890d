//===--- CheckDocs.cpp - concur -------------------------------------------===//
//
// The checks' documentation pages (docs/checks/*.md), embedded at build time
// so SARIF rules describe each check with the same words as its page.
//
//===----------------------------------------------------------------------===//

#include "Reports.h"

namespace concur::tool {

namespace {
struct CheckDoc {
  const char *Name;
  const char *Markdown;
};
const CheckDoc Docs[] = {
#include "CheckDocs.inc"
};
} // namespace

llvm::StringRef checkDocumentation(llvm::StringRef Check) {
  for (const CheckDoc &Doc : Docs)
    if (Check == Doc.Name)
      return Doc.Markdown;
  return {};
}

std::string summaryOf(llvm::StringRef Markdown) {
  std::string Summary;
  bool InParagraph = false;
  llvm::SmallVector<llvm::StringRef, 32> Lines;
  Markdown.split(Lines, '\n');
  for (llvm::StringRef Line : Lines) {
    Line = Line.trim();
    if (Line.starts_with("#") && !InParagraph)
      continue;
    if (Line.empty()) {
      if (InParagraph)
        break;
      continue;
    }
    if (InParagraph)
      Summary += ' ';
    Summary += Line.str();
    InParagraph = true;
  }
  return Summary;
}

} // namespace concur::tool
