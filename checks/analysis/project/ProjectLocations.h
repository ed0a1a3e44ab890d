//===--- ProjectLocations.h - concur ----------------------------*- C++ -*-===//
//
// Places in the project's files, to and from one TU's source locations. A
// summary names a place by absolute path, line and column (FilePosition); a
// note that points into another TU's file needs that file loaded into this
// TU's source manager, which locationIn() does once per file.
//
//===----------------------------------------------------------------------===//

#ifndef CONCUR_CHECKS_ANALYSIS_PROJECT_PROJECTLOCATIONS_H
#define CONCUR_CHECKS_ANALYSIS_PROJECT_PROJECTLOCATIONS_H

#include "analysis/project/ProjectIndex.h"
#include "clang/Basic/SourceManager.h"

namespace clang::tidy::concur {

/// Where \p Loc is written (its file location), by absolute path.
FilePosition positionOf(SourceLocation Loc, const SourceManager &SM);

/// \p At in this TU's terms; invalid if the file is gone or the line is 0.
SourceLocation locationIn(SourceManager &SM, const FilePosition &At);

} // namespace clang::tidy::concur

#endif
