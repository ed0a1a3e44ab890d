//===--- Reports.h - concur -------------------------------------*- C++ -*-===//
//
// Machine-readable reports of a run: concur's JSON (one object per finding)
// and SARIF 2.1.0 for code-scanning services.
//
//===----------------------------------------------------------------------===//

#ifndef CONCUR_TOOL_REPORTS_H
#define CONCUR_TOOL_REPORTS_H

#include "Findings.h"
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace concur::tool {

/// {"version": 1, "tool": {...}, "findings": [{check, severity, message,
/// file, line, column, notes, fixes, fingerprint}]}. Paths are relative to
/// \p BaseDir where they lie below it.
nlohmann::json jsonReport(const std::vector<Finding> &Findings, llvm::StringRef BaseDir);

/// A SARIF 2.1.0 log with one run: rules for \p Checks (described from their
/// documentation pages), results with related locations for notes, fixes,
/// and partial fingerprints. URIs are relative to %SRCROOT% = \p BaseDir.
/// \p Failures: what kept the run from analysing everything (a file that
/// does not compile, a crash), as the invocation's error notifications, so
/// that code scanning shows a failed run rather than a clean one.
nlohmann::json sarifReport(const std::vector<Finding> &Findings,
                           const std::vector<std::string> &Checks, llvm::StringRef BaseDir,
                           const std::vector<std::string> &Failures = {});

/// The documentation page of a check, embedded at build time (empty if none).
llvm::StringRef checkDocumentation(llvm::StringRef Check);

/// The closing line of a text run: "11 findings in 4 files, 8 fixable, 3.1 s
/// (9 concur-blocking-call-in-coroutine, 2 concur-lock-across-suspension)",
/// or "no findings in 4 files, 0.8 s", so a clean run says what it analysed.
std::string closingSummary(const std::vector<Finding> &Findings, size_t Files, bool AgainstBaseline,
                           double Seconds);

/// The first paragraph of a documentation page: its one-sentence summary.
std::string summaryOf(llvm::StringRef Markdown);

} // namespace concur::tool

#endif
