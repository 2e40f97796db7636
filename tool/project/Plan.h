//===--- Plan.h - which translation units to lint -------------------------===//
//
// Part of async-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Stage 2 of project mode: finds and checks the compilation database, reads
/// the `--diff`, and chooses the translation units to lint: all of them, the
/// files named on the command line, those matching `--files`, or those a
/// diff touches.
///
//===----------------------------------------------------------------------===//

#ifndef ASYNC_TIDY_TOOL_PROJECT_PLAN_H
#define ASYNC_TIDY_TOOL_PROJECT_PLAN_H

#include "DiffFilter.h"
#include "Options.h"
#include <optional>

namespace asynctidy {

struct Plan {
  std::string DbPath;   ///< compile_commands.json, as given.
  std::string BuildDir; ///< Its directory, canonical: children get -p with it.
  std::optional<ChangedLines> Changed; ///< With --diff.
  std::vector<std::string> Files;      ///< Canonical, sorted.
};

/// The repository root: the closest directory above the cwd holding `.git`,
/// else the cwd.
std::string detectRepoRoot();

/// Fills \p P from \p O; paths in the diff are relative to \p RepoRoot.
std::optional<UsageError> planRun(ProjectOptions &O, llvm::StringRef RepoRoot,
                                  Plan &P);

} // namespace asynctidy

#endif
