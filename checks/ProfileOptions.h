//===--- ProfileOptions.h - concur ------------------------------*- C++ -*-===//
//
// The global options every concur check reads the same way: `Profiles` (the
// framework profiles to use, default all) and `ProfileFile` (the user's own),
// and the profiles they select, loaded once per check.
//
//===----------------------------------------------------------------------===//

#ifndef CONCUR_CHECKS_PROFILEOPTIONS_H
#define CONCUR_CHECKS_PROFILEOPTIONS_H

#include "analysis/profiles/FrameworkProfiles.h"
#include "clang-tidy/ClangTidyCheck.h"

namespace clang::tidy::concur {

class ProfileOptions {
public:
  /// \p Problem reports a profile that cannot be loaded (the check's configurationDiag).
  ProfileOptions(const ClangTidyCheck::OptionsView &Options,
                 llvm::function_ref<void(const std::string &)> Problem)
      : Selection(Options.getLocalOrGlobal("Profiles", "all")),
        File(Options.getLocalOrGlobal("ProfileFile", "")),
        Loaded(loadProfiles(Selection, File, Problem)) {}

  void store(const ClangTidyCheck::OptionsView &Options, ClangTidyOptions::OptionMap &Opts) const {
    Options.store(Opts, "Profiles", Selection);
    Options.store(Opts, "ProfileFile", File);
  }
  const FrameworkProfiles &profiles() const { return Loaded; }

private:
  const std::string Selection, File;
  const FrameworkProfiles Loaded;
};

} // namespace clang::tidy::concur

#endif
