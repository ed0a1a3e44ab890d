//===--- TUSummaryBuilder.h - concur ----------------------------*- C++ -*-===//
//
// The map step: what one translation unit tells the rest of the project.
// Every function it defines (outside system headers and concur's runtime,
// template instantiations and lambdas included) with the call in it that
// blocks by itself and its calls to other user functions, by USR. It reads
// the AST only, never the project index, so a TU's summary depends on
// nothing but the TU: a build system can run and cache it.
//
//===----------------------------------------------------------------------===//

#ifndef CONCUR_CHECKS_ANALYSIS_PROJECT_TUSUMMARYBUILDER_H
#define CONCUR_CHECKS_ANALYSIS_PROJECT_TUSUMMARYBUILDER_H

#include "analysis/blocking/CallSummaries.h"
#include "analysis/project/ProjectIndex.h"

namespace clang::tidy::concur {

/// The functions and their facts; Lookups are left for the checks to fill.
TUSummary summarizeTranslationUnit(BlockingAnalysis &Analysis, ASTContext &Ctx);

/// Where a TU's summary lives in \p Directory: one file per main file.
std::string summaryPathFor(llvm::StringRef Directory, llvm::StringRef MainFile);

} // namespace clang::tidy::concur

#endif
