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
/// File names are bytes from here on; the one the YAML export cannot hold
/// (not valid UTF-8) is taken back from the child's text output.
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

/// What one child left behind, read back from its files: enough to judge its
/// unit again later, so the result cache stores exactly this.
struct ChildResult {
  std::string File;
  bool Started = false;
  int ReturnCode = 0;
  std::string ErrMsg; ///< Why it could not start, or how it crashed.
  bool HaveExport = false;
  std::string Export; ///< The --export-fixes YAML.
  std::string Stderr; ///< Without the header list.
  /// The child's text output, kept only when the export lost a path that is
  /// not valid UTF-8 (see judgeChild): it names the files byte for byte.
  std::string Stdout;
  /// Every header the unit included, as the compiler named it (relative to
  /// the compile command's directory unless absolute); only when asked for.
  std::vector<std::string> Includes;
  /// The cross-TU summary of async-blocking-call (see MergeBlocking.h).
  std::string Summary;
};

/// Lints \p Files with up to `-j` children running \p Self, showing progress
/// on stderr; one result per file, in the order of \p Files. With
/// \p ListIncludes, each child also reports the headers its unit included
/// (for the cache). An error only when nothing could be run at all.
std::optional<UsageError>
runChildren(llvm::ArrayRef<std::string> Files, const ProjectOptions &O,
            llvm::StringRef Self, llvm::StringRef BuildDir,
            llvm::StringRef RepoRoot, bool ListIncludes,
            std::vector<ChildResult> &Results);

struct Plan;
class ResultCache;

/// Lints the files of \p P that \p Cache (may be null) does not know, and
/// stores their results in it; returns one outcome per planned file.
std::optional<UsageError> runUnits(const Plan &P, ResultCache *Cache,
                                   const ProjectOptions &O,
                                   llvm::StringRef Self,
                                   llvm::StringRef RepoRoot,
                                   std::vector<UnitOutcome> &Outcomes);

/// Reads the diagnostics of \p C and judges its unit: analysed, or failed
/// and why. \p Self names the program in "could not start" messages.
UnitOutcome judgeChild(const ChildResult &C, llvm::StringRef Self);

} // namespace asynctidy

#endif
