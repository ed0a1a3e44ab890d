//===--- TUSummaryBuilder.h - concur ----------------------------*- C++ -*-===//
//
// The map step: what one translation unit tells the rest of the project.
// Every function it defines (outside system headers and concur's runtime,
// template instantiations and lambdas included) with the call in it that
// blocks by itself, its calls to other user functions and the descriptors
// it returns, by USR; and the fields and globals it makes non-blocking.
// Its calls are edges whatever the index says, so chains are the linker's
// to find; only whether a call blocks by itself can depend on the index (a
// `recv` on a socket another TU made non-blocking), which is why the front
// end links again after re-running a TU whose answers moved.
//
//===----------------------------------------------------------------------===//

#ifndef CONCUR_CHECKS_ANALYSIS_PROJECT_TUSUMMARYBUILDER_H
#define CONCUR_CHECKS_ANALYSIS_PROJECT_TUSUMMARYBUILDER_H

#include "analysis/blocking/CallSummaries.h"
#include "analysis/project/ProjectIndex.h"

namespace clang::tidy::concur {

/// The functions and their facts; Lookups are left for the checks to fill.
TUSummary summarizeTranslationUnit(BlockingAnalysis &Analysis, ASTContext &Ctx);

/// Where a TU's summary lives in \p Directory: one file per main file and
/// check that writes a part of it (\p Part: "" for the blocking check's,
/// "races" for the race check's).
std::string summaryPathFor(llvm::StringRef Directory, llvm::StringRef MainFile,
                           llvm::StringRef Part = "");

} // namespace clang::tidy::concur

#endif
