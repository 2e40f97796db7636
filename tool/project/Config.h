//===--- Config.h - the clang-tidy configuration the children will see ----===//
//
// Part of async-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Project mode reads the configuration once, as each child will see it
/// (`--checks`, `--config`/`--config-file`, `.clang-tidy` files, and the
/// `async-*` default when nothing chooses checks), to reject unknown checks
/// before spending minutes on children and to list the enabled checks in
/// reports.
///
//===----------------------------------------------------------------------===//

#ifndef ASYNC_TIDY_TOOL_PROJECT_CONFIG_H
#define ASYNC_TIDY_TOOL_PROJECT_CONFIG_H

#include "Options.h"
#include "clang-tidy/ClangTidyOptions.h"
#include <memory>

namespace asynctidy {

/// The effective clang-tidy options for a file, as its child will see them.
class ConfigView {
public:
  explicit ConfigView(const ProjectOptions &O) : O(O) {}

  /// Builds the providers; a usage error for a broken --config(-file).
  std::optional<UsageError> init();

  clang::tidy::ClangTidyOptionsProvider &providerFor(llvm::StringRef File,
                                                     llvm::StringRef Argv0);

private:
  const ProjectOptions &O;
  std::unique_ptr<clang::tidy::ClangTidyOptionsProvider> Plain, Injected;
  /// --config or --config-file sets `Checks`. Without it, such a
  /// configuration chooses no checks and async-* runs, as in file mode.
  bool ConfigChoosesChecks = false;
};

/// Validates check globs and collects the checks enabled for \p Files.
std::optional<UsageError> checkConfiguration(ConfigView &Config,
                                             const ProjectOptions &O,
                                             llvm::ArrayRef<std::string> Files,
                                             llvm::StringRef Argv0,
                                             std::vector<std::string> &Enabled);

} // namespace asynctidy

#endif
