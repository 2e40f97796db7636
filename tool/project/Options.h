//===--- Options.h - project mode's command line --------------------------===//
//
// Part of async-tidy.
//
//===----------------------------------------------------------------------===//
///
/// \file
/// Stage 1 of project mode: the command line. Which options exist, which of
/// them go to every child process unchanged (clang-tidy's own), which belong
/// to project mode, and which cannot be used with it. A new project option is
/// one ArgSpec line, one field and one branch in parseProjectOptions.
///
//===----------------------------------------------------------------------===//

#ifndef ASYNC_TIDY_TOOL_PROJECT_OPTIONS_H
#define ASYNC_TIDY_TOOL_PROJECT_OPTIONS_H

#include "llvm/ADT/ArrayRef.h"
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace asynctidy {

enum class Format { Text, Json, Sarif, CodeQuality };

struct ProjectOptions {
  std::string BuildPath;
  std::vector<std::string> Files; ///< Positional: lint only these.
  std::string FilesRegex;
  unsigned Jobs = 0;
  Format OutFormat = Format::Text;
  std::string OutputFile;
  std::string ExportFixes;
  std::string BaselineFile;
  std::string WriteBaselineFile;
  bool Diff = false;
  std::string DiffFile; ///< Empty or "-": stdin.
  unsigned DiffStrip = 1;
  std::string RepoRoot;
  std::string DocsUrl;
  std::string Progress = "auto";
  bool Quiet = false;
  std::optional<bool> UseColor;
  /// clang-tidy options handed to every child as written.
  std::vector<std::string> ChildArgs;
  // Values the parent needs to understand the configuration.
  std::optional<std::string> Checks, Config, ConfigFile, WarningsAsErrors,
      HeaderFilter, ExcludeHeaderFilter;
  bool AllowAlpha = false;
  bool ExperimentalCustomChecks = false;
  // The result cache (Cache.h).
  std::string CacheDir; ///< Empty: ASYNC_TIDY_CACHE_DIR, if set.
  bool NoCache = false;
  std::optional<uint64_t> CacheMaxSize;
  /// --shard=K/N: lint the K-th (1-based) of N slices of the units.
  unsigned ShardIndex = 0, ShardCount = 0;
  /// --cross-tu-summaries: keep each unit's cross-TU summary in the JSON
  /// report (always with --shard), for the join at `async-tidy merge`.
  bool CrossTuSummaries = false;
};

/// A mistake on the command line or in the configuration (exit status 2).
struct UsageError {
  std::string Message;
};

/// Parses project mode's command line into \p O.
std::optional<UsageError> parseProjectOptions(llvm::ArrayRef<const char *> Args,
                                              ProjectOptions &O);

/// Prints "async-tidy: error: <Message>" on stderr.
void printUsageError(const std::string &Message);

} // namespace asynctidy

#endif
