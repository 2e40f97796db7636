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
#include "Run.h"
#include "clang/Tooling/CompilationDatabase.h"
#include <map>
#include <optional>

namespace asynctidy {

struct Plan {
  std::string DbPath;   ///< compile_commands.json, as given.
  std::string BuildDir; ///< Its directory, canonical: children get -p with it.
  std::optional<ChangedLines> Changed; ///< With --diff.
  std::vector<std::string> Files;      ///< Canonical, sorted.
  /// The compile commands of each file in Files, by canonical path.
  std::map<std::string, std::vector<clang::tooling::CompileCommand>> Commands;
  /// With a cache: each file's entry name, and its stored result on a hit.
  std::vector<std::string> CacheKeys;
  std::vector<std::optional<ChildResult>> Cached;
};

/// The repository root: the closest directory above the cwd holding `.git`,
/// else the cwd.
std::string detectRepoRoot();

/// The slice \p Index (1-based) of \p Count that \p Files falls into, balanced
/// by file size: largest first, each to the lightest slice so far. The same
/// files always give the same slices.
std::vector<std::string> shardOf(llvm::ArrayRef<std::string> Files,
                                 unsigned Index, unsigned Count);

/// Fills \p P from \p O; paths in the diff are relative to \p RepoRoot.
std::optional<UsageError> planRun(ProjectOptions &O, llvm::StringRef RepoRoot,
                                  Plan &P);

class ConfigView;
class ResultCache;

/// Looks each planned file up in \p Cache, keyed by its commands and its
/// effective configuration from \p Config.
void lookUpCache(Plan &P, ResultCache &Cache, ConfigView &Config,
                 llvm::StringRef Argv0);

} // namespace asynctidy

#endif
