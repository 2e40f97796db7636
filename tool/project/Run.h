//===--- Run.h - linting translation units in child processes -------------===//
//
// Part of async-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Stage 3 of project mode: runs a pool of child processes, one per
/// translation unit (async-tidy itself in clang-tidy-compatible single-file
/// mode, `--export-fixes` giving its diagnostics as YAML), so that a unit that
/// fails to parse or crashes is reported and never stops the rest; then reads
/// what each child left behind and says whether its unit was analysed.
///
//===----------------------------------------------------------------------===//

#ifndef ASYNC_TIDY_TOOL_PROJECT_RUN_H
#define ASYNC_TIDY_TOOL_PROJECT_RUN_H

#include "Options.h"
#include "ProjectMode.h"
#include <optional>

namespace asynctidy {

/// What one translation unit produced: its status and its diagnostics, with
/// absolute, normalised paths, not yet sorted or deduplicated.
struct UnitOutcome {
  UnitResult Unit;
  std::vector<Finding> Warnings;
  std::vector<Finding> CompilerErrors;
};

/// Lints \p Files with up to `-j` children running \p Self, showing progress
/// on stderr; one outcome per file, in the order of \p Files. An error only
/// when nothing could be run at all.
std::optional<UsageError>
runUnits(llvm::ArrayRef<std::string> Files, const ProjectOptions &O,
         llvm::StringRef Self, llvm::StringRef BuildDir,
         llvm::StringRef RepoRoot, std::vector<UnitOutcome> &Outcomes);

} // namespace asynctidy

#endif
