//===--- AdviceRecords.h - concur -------------------------------*- C++ -*-===//
//
// Each recommendation of concur-concurrency-model as data, for a front end
// that renders advice itself (`concur advise`): the model and the reason
// are read from here, never parsed back out of the diagnostic's text. A
// record names the diagnostic it belongs to by the file and offset that
// clang-tidy gives the diagnostic, so a front end joins the two and keeps
// clang-tidy's filtering (NOLINT, header filters) for both.
//
// Records are kept only while an AdviceCollector is alive, so the editor and
// the plugin, which install none, pay nothing.
//
//===----------------------------------------------------------------------===//

#ifndef CONCUR_CHECKS_ANALYSIS_ADVICE_ADVICERECORDS_H
#define CONCUR_CHECKS_ANALYSIS_ADVICE_ADVICERECORDS_H

#include "analysis/advice/ModelAdvisor.h"
#include "clang/Basic/SourceManager.h"
#include <string>
#include <vector>

namespace clang::tidy::concur {

struct AdviceRecord {
  std::string File;      // as clang-tidy reports the diagnostic's file
  std::string Directory; // the working directory File is relative to (its command's)
  unsigned Offset = 0;   // the diagnostic's offset in File
  Model Recommended = Model::ThreadPool;
  std::string Reason; // the one-line reason of the message
};

/// Collects the records published while it lives (at most one at a time, in
/// the whole process; checks may run on several threads at once).
class AdviceCollector {
public:
  AdviceCollector();
  ~AdviceCollector();
  AdviceCollector(const AdviceCollector &) = delete;
  AdviceCollector &operator=(const AdviceCollector &) = delete;

  /// The records so far, in the order they were published.
  std::vector<AdviceRecord> take();

  /// Called by the check with the location it diagnoses; nothing happens
  /// when no collector is alive.
  static void publish(const SourceManager &SM, SourceLocation Loc, Model Recommended,
                      std::string Reason);
};

} // namespace clang::tidy::concur

#endif
