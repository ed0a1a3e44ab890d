//===--- AdviceReport.h - concur --------------------------------*- C++ -*-===//
//
// Turns the findings of a run into the advisor's report: rows for the
// recommendations, counts per model, the other checks' findings per file,
// rendered as Markdown, JSON or one self-contained HTML page (grouped by
// file, the evidence quoted from the code, links to the check pages).
//
//===----------------------------------------------------------------------===//

#ifndef CONCUR_TOOL_ADVICEREPORT_H
#define CONCUR_TOOL_ADVICEREPORT_H

#include "Findings.h"
#include "analysis/advice/AdviceRecords.h"
#include <array>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace concur::tool {

/// One call that decided a recommendation, with its line of code.
struct AdviceEvidence {
  std::string File; // relative to the report's base directory
  unsigned Line = 0;
  std::string Message; // "'fopen' here: file I/O"
  std::string Code;    // the line's text, "" when the file cannot be read
  std::string text() const { return File + ":" + std::to_string(Line) + ": " + Message; }
};

struct AdviceRow {
  std::string File; // relative to the report's base directory
  unsigned Line = 0;
  std::string Model;  // the token: event-loop, ...
  std::string Reason; // why, as the check gave it
  std::vector<AdviceEvidence> Evidence;
  unsigned BlockingInFile = 0, LocksInFile = 0, RacesInFile = 0;
};

struct AdviceReport {
  std::vector<AdviceRow> Rows;
  std::map<std::string, unsigned> PerModel; // every model, 0 when none
  std::vector<Finding> AntiPatterns;        // std::async in loops, detached threads
  std::vector<Finding> Worst;               // blocking calls, locks, races: the first few
  unsigned Blocking = 0, Locks = 0, Races = 0;
  std::string BaseDir;
};

/// \p Records are the concurrency-model check's recommendations of the same run
/// (AdviceCollector); a finding of that check without one is an anti-pattern.
AdviceReport buildAdviceReport(const std::vector<Finding> &Findings,
                               const std::vector<clang::tidy::concur::AdviceRecord> &Records,
                               llvm::StringRef BaseDir);

std::string renderMarkdown(const AdviceReport &R);
nlohmann::json renderJson(const AdviceReport &R);
std::string renderHtml(const AdviceReport &R);

} // namespace concur::tool

#endif
