//===--- ProjectNames.h - concur --------------------------------*- C++ -*-===//
//
// How a function, a field or a global is named across translation units:
// its USR (clang's Unified Symbol Resolution string, the same in every TU
// that declares it). A declaration with internal linkage (static, in an
// anonymous namespace, a local lambda) can be used only from its own TU, and
// two TUs may each have one of the same USR, so its name is qualified by its
// TU's main file. Local variables and parameters have no project name.
//
//===----------------------------------------------------------------------===//

#ifndef CONCUR_CHECKS_ANALYSIS_PROJECT_PROJECTNAMES_H
#define CONCUR_CHECKS_ANALYSIS_PROJECT_PROJECTNAMES_H

#include "clang/AST/Decl.h"
#include <string>

namespace clang::tidy::concur {

/// The project-wide name of \p D, or "" if it has none.
std::string projectUSR(const NamedDecl *D);

} // namespace clang::tidy::concur

#endif
